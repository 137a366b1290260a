import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/avatar")
def avatar():
    host = request.args["host"]
    response = requests.get(f"https://{host}/avatar.png", timeout=5)  # expect: VIGIL-PY-SSRF
    return {"size": len(response.content)}
