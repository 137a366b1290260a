from flask import Flask, request

app = Flask(__name__)


@app.route("/run", methods=["POST"])
def run():
    source = request.get_json()["code"]
    exec(source)  # expect: VIGIL-PY-CODE
    return "ok"
