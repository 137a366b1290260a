"""A Flask message board whose templates print some variables without escaping."""

import html

from flask import Flask, render_template, request

app = Flask(__name__)

PAGES = {"about": "<p>About us</p>", "help": "<p>Help</p>"}


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return render_template("board/search.html", query=q, count=3)  # expect: VIGIL-PY-XSS


@app.route("/search-escaped")
def search_escaped():
    q = request.args.get("q", "")
    return render_template("board/search.html", query=html.escape(q), count=3)


@app.route("/search-plain")
def search_plain():
    q = request.args.get("q", "")
    return render_template("board/plain.html", query=q)


@app.route("/search-count")
def search_count():
    q = request.args.get("q", "")
    return render_template("board/search.html", query="", count=q)


@app.route("/messages")
def messages():
    posted = [request.args.get("m", "")]
    context = {"messages": posted, "title": "Messages"}
    return render_template("board/messages.html", **context)  # expect: VIGIL-PY-XSS


@app.route("/messages-title")
def messages_title():
    context = {"messages": ["welcome"], "title": request.args.get("t", "")}
    return render_template("board/messages.html", **context)


@app.route("/page/<name>")
def page(name):
    body = PAGES.get(name, "<p>Not found</p>")
    return render_template("pages/page.html", body=body)
