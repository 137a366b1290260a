import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep():
    pattern = request.args["q"]
    args = ["sh", "-c"]
    args.append("grep " + pattern + " /var/log/app.log")
    subprocess.run(args)  # expect: VIGIL-PY-CMDI
    os.system("echo " + pattern)  # expect: VIGIL-PY-CMDI
    return "done"
