import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep():
    pattern = request.args["q"]
    args = ["grep", "--"]
    args.append(pattern)
    args.append("/var/log/app.log")
    subprocess.run(args)  # a program with an argument list: no shell parses the pattern
    os.system("echo " + shlex.quote(pattern))
    return "done"
