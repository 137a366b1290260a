from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args.get("e", "1+1")
    options = {"a": "1+1", "b": expression}
    result = eval(options["b"])  # expect: VIGIL-PY-CODE
    return {"result": str(result)}
