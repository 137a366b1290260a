import html

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"<h1>Hello {html.escape(name)}</h1>"


@app.route("/bye")
def bye():
    name = request.args.get("name", "world")
    return make_response(jsonify(message="Bye " + name))


@app.route("/echo")
def echo():
    text = request.args.get("text", "")
    return text, 200, {"Content-Type": "text/plain; charset=utf-8"}
