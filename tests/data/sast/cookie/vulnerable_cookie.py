from flask import Flask, make_response

app = Flask(__name__)


@app.route("/remember")
def remember():
    response = make_response({"ok": True})
    secure = False
    response.set_cookie("remember", "1", secure=secure)  # expect: VIGIL-PY-COOKIE-SECURE VIGIL-PY-COOKIE-HTTPONLY
    return response
