from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)


def is_safe_url(target):
    return urlparse(target).netloc in ("", "example.com")


@app.route("/continue")
def proceed():
    target = request.args.get("next", "/")
    if target and is_safe_url(target):
        return redirect(target)
    return redirect("/")
