headers: { "Authorization": "Bearer qIUioV3kvQTahi4miJGdyWiivEDgbyjyfV5M4ifG" }
