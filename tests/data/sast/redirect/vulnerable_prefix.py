from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/go")
def go():
    page = request.args.get("page", "home")
    return redirect("/" + page)  # expect: VIGIL-PY-REDIRECT
