"""A login view redirecting to ``next``, checked by one call and redirected by another."""

from flask import Flask, redirect, request
from urllib.parse import urlsplit

app = Flask(__name__)


def is_safe_url(target):
    return urlsplit(target).netloc == ""


@app.route("/login", methods=["POST"])
def login():
    if request.args.get("next") and is_safe_url(request.args.get("back")):
        return redirect(request.args.get("next"))  # expect: VIGIL-PY-REDIRECT
    return redirect("/")
