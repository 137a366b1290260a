"""Attributes of one object are told apart: the shell only sees the constant attribute,
or one overwritten with a constant before use."""

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
    subprocess.check_output(f"{job.tool} -c 1 example.org", shell=True)
    return {"host": job.host}


@app.route("/trace")
def trace():
    job = Job()
    job.tool = request.args.get("tool", "traceroute")
    if request.args.get("fast"):
        job.tool = "tracepath"
    else:
        job.tool = "traceroute"
    out = subprocess.check_output(job.tool + " example.org", shell=True)
    return {"out": out.decode()}
