"""Serving theme files: werkzeug's safe_join refuses a path leaving the themes folder."""

import os

from flask import Flask, abort, send_file
from werkzeug.utils import safe_join

app = Flask(__name__)


@app.route("/themes/<theme>/static/<path:path>")
def theme_static(theme, path):
    candidate = safe_join(app.root_path, "themes", theme, "static", path)
    if candidate is None:
        abort(404)
    if os.path.isfile(candidate):
        return send_file(candidate)
    abort(404)
