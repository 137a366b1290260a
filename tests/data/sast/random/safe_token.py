import random
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login")
def login():
    value = str(secrets.randbits(64))
    response = make_response({"ok": True})
    response.set_cookie("session_id", value, secure=True, httponly=True)
    reset_token = secrets.randbelow(900000) + 100000
    delay = random.uniform(0.1, 0.5)  # jitter, not a secret
    return response, reset_token + delay
