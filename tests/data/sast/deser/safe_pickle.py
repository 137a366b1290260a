import base64
import json

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    blob = request.cookies.get("state", "")
    raw = base64.b64decode(base64.b64encode(blob.encode()))
    state = json.loads(raw)
    config = yaml.load(request.data, Loader=yaml.SafeLoader)
    return {"keys": len(state) + len(config)}
