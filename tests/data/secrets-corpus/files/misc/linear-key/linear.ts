const key = "lin_api_WD5hOPW88oDwGf4vRcr1LHXN2viKkBRtTCUpFVyb";
