import base64

from flask import Flask, request

app = Flask(__name__)


@app.route("/token")
def token():
    name = request.args.get("name", "")
    encoded = base64.b64encode(name.encode())
    shown = base64.b64decode(encoded).decode()
    return "<p>" + shown + "</p>"  # expect: VIGIL-PY-XSS
