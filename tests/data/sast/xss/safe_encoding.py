import base64

from flask import Flask, request

app = Flask(__name__)


@app.route("/token")
def token():
    name = request.args.get("name", "")
    encoded = base64.b64encode(name.encode())
    shown = encoded.decode()
    return "<p>" + shown + "</p>"
