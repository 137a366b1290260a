"""Attributes of one object are told apart: a request value stored in one attribute
reaches the shell through that attribute."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


class Job:
    pass


@app.route("/ping")
def ping():
    job = Job()
    job.host = request.args.get("host", "")
    job.tool = "ping"
    out = subprocess.check_output(f"{job.tool} -c 1 {job.host}", shell=True)  # expect: VIGIL-PY-CMDI
    return {"out": out.decode()}


@app.route("/trace")
def trace():
    job = Job()
    job.tool = "traceroute"
    if request.args.get("fast"):
        job.tool = request.args.get("tool", "traceroute")
    out = subprocess.check_output(job.tool + " example.org", shell=True)  # expect: VIGIL-PY-CMDI
    return {"out": out.decode()}
