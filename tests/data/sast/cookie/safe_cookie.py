from flask import Flask, make_response

app = Flask(__name__)


@app.route("/remember")
def remember():
    response = make_response({"ok": True})
    secure = 1 + 1 == 2
    response.set_cookie("remember", "1", secure=secure, httponly=True, samesite="Lax")
    return response
