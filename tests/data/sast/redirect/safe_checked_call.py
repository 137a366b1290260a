"""A login view redirecting to ``next`` only after checking that very call's value."""

from flask import Flask, redirect, request
from urllib.parse import urlsplit

app = Flask(__name__)


def is_safe_url(target):
    return urlsplit(target).netloc == ""


@app.route("/login", methods=["POST"])
def login():
    if request.args.get("next") and is_safe_url(request.args.get("next")):
        return redirect(request.args.get("next"))
    return redirect("/")
