import requests
from flask import Flask, request

app = Flask(__name__)
ALLOWED = {"https://api.example.com/status", "https://api.example.com/health"}


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    if url not in ALLOWED:
        return {"error": "not allowed"}, 400
    response = requests.get(url, timeout=5)
    return {"status": response.status_code}
