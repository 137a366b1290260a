from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"<h1>Hello {name}</h1>"  # expect: VIGIL-PY-XSS


@app.route("/bye")
def bye():
    name = request.args.get("name", "world")
    return make_response("<p>Bye " + name + "</p>")  # expect: VIGIL-PY-XSS


@app.route("/echo")
def echo():
    text = request.args.get("text", "")
    return text, 200, {"Content-Type": "text/html"}  # expect: VIGIL-PY-XSS
