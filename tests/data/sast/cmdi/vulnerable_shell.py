import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    mode = 3
    target = host if mode * 2 > 5 else "localhost"
    out = subprocess.run(f"ping -c 1 {target}", shell=True, capture_output=True)  # expect: VIGIL-PY-CMDI
    return {"code": out.returncode}
