import os.path
from pathlib import Path

from flask import Flask

app = Flask(__name__)


@app.route("/show/<name>")
def show(name):
    page = Path("/srv/pages") / os.path.basename(name)
    return {"text": page.read_text()}
