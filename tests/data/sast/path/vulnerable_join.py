"""Serving theme files: the path joined by hand can leave the themes folder."""

import os

from flask import Flask, abort, send_file

app = Flask(__name__)


@app.route("/themes/<theme>/static/<path:path>")
def theme_static(theme, path):
    candidate = os.path.join(app.root_path, "themes", theme, "static", path)
    if os.path.isfile(candidate):  # expect: VIGIL-PY-PATH
        return send_file(candidate)  # expect: VIGIL-PY-PATH
    abort(404)
