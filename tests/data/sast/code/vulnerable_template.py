import jinja2
from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "world")
    page = jinja2.Template("<h1>Hello " + name + "</h1>")  # expect: VIGIL-PY-CODE
    return {"html": page.render()}
