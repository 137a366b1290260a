import hashlib

from flask import Flask, request

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    algorithm = "md" + "5"
    digest = hashlib.new(algorithm, password.encode()).hexdigest()  # expect: VIGIL-PY-HASH
    legacy = hashlib.sha1(password.encode()).hexdigest()  # expect: VIGIL-PY-HASH
    return {"stored": len(digest + legacy)}
