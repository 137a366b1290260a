headers: { "Authorization": "Bearer " + token }
