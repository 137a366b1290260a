import hashlib

from flask import Flask, request

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    algorithm = "sha" + "256"
    digest = hashlib.new(algorithm, password.encode()).hexdigest()
    etag = hashlib.sha1(b"static asset", usedforsecurity=False).hexdigest()
    return {"stored": len(digest + etag)}
