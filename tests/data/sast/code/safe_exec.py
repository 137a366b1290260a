from flask import Flask, request

app = Flask(__name__)


@app.route("/run", methods=["POST"])
def run():
    source = request.get_json()["code"]
    if not source.isidentifier():
        return "rejected", 400
    exec(source + " = None")
    return "ok"
