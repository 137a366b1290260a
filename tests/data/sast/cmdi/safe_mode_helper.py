"""A helper whose constant ``mode`` argument decides between a shell and an argument list:
the request value only takes the argument-list branch."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


def run(target, mode="list"):
    if mode == "shell":
        return subprocess.check_output("ping -c 1 " + target, shell=True)
    return subprocess.check_output(["ping", "-c", "1", target])


@app.route("/ping")
def ping():
    out = run(request.args.get("host", ""))
    uptime = run("localhost", mode="shell")
    return {"out": out.decode(), "up": uptime.decode()}
