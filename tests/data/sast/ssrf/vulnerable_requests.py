import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    response = requests.get(url, timeout=5)  # expect: VIGIL-PY-SSRF
    return {"status": response.status_code}
