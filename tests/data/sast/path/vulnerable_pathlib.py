from pathlib import Path

from flask import Flask, request

app = Flask(__name__)


@app.route("/show/<name>")
def show(name):
    page = Path("/srv/pages") / name
    return {"text": page.read_text()}  # expect: VIGIL-PY-PATH
