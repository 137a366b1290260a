import os

from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/download")
def download():
    name = request.args.get("file", "readme.txt")
    names = []
    names.append("readme.txt")
    names.append(name)
    names.pop(1)  # the request's name is removed, the constant stays
    with open(os.path.join(BASE, names[0])) as handle:
        return {"size": len(handle.read())}
