const key = "lin_api_your_key";
