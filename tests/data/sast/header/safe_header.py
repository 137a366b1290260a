from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/lang")
def lang():
    choice = request.args.get("lang", "en")
    response = make_response({"ok": True})
    response.headers["Content-Language"] = choice.replace("\r", "").replace("\n", "")
    return response
