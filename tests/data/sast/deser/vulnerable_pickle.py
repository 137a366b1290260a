import base64
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    blob = request.cookies.get("state", "")
    raw = base64.b64decode(base64.b64encode(blob.encode()))
    state = pickle.loads(raw)  # expect: VIGIL-PY-DESER
    config = yaml.load(request.data, Loader=yaml.Loader)  # expect: VIGIL-PY-DESER
    return {"keys": len(state) + len(config)}
