"""A helper whose constant ``mode`` argument decides between a shell and an argument list."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


def run(target, mode="list"):
    if mode == "shell":
        return subprocess.check_output("ping -c 1 " + target, shell=True)
    return subprocess.check_output(["ping", "-c", "1", target])


@app.route("/ping")
def ping():
    out = run(request.args.get("host", ""), mode="shell")  # expect: VIGIL-PY-CMDI
    return {"out": out.decode()}
