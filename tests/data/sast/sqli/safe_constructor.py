"""Attributes an object's constructor sets are told apart where the object is used: only
the constant ones reach the SQL text."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


class Search:
    def __init__(self, term, table="posts"):
        self.term = term
        self.table = table
        self.limit = 10


@app.route("/search")
def search():
    query = Search(request.args.get("q", ""))
    db = sqlite3.connect("app.db")
    rows = db.execute(f"SELECT * FROM {query.table} LIMIT {query.limit}")
    return {"rows": [list(r) for r in rows], "term": query.term}


@app.route("/search2")
def search2():
    query = Search(request.args.get("q", ""), table="posts")
    db = sqlite3.connect("app.db")
    rows = db.execute(f"SELECT * FROM {query.table} WHERE title = ?", (query.term,))
    return {"rows": [list(r) for r in rows]}
