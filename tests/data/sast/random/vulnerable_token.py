import random

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login")
def login():
    value = str(random.getrandbits(64))
    response = make_response({"ok": True})
    response.set_cookie("session_id", value, secure=True, httponly=True)  # expect: VIGIL-PY-RANDOM
    reset_token = random.randint(100000, 999999)  # expect: VIGIL-PY-RANDOM
    return response, reset_token
