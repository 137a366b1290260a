"""Attributes an object's constructor sets are told apart where the object is used."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


class Search:
    def __init__(self, term, table="posts"):
        self.term = term
        self.table = table
        self.limit = 10


class Base:
    def __init__(self, term):
        self.term = term


class Derived(Base):
    def __init__(self, term, table):
        super().__init__(term)
        self.table = table


@app.route("/search")
def search():
    query = Search(request.args.get("q", ""))
    db = sqlite3.connect("app.db")
    rows = db.execute(f"SELECT * FROM {query.table} WHERE title = '{query.term}'")  # expect: VIGIL-PY-SQLI
    return {"rows": [list(r) for r in rows]}


@app.route("/derived")
def derived():
    query = Derived(request.args.get("q", ""), "posts")
    db = sqlite3.connect("app.db")
    rows = db.execute(f"SELECT * FROM {query.table} WHERE title = '{query.term}'")  # expect: VIGIL-PY-SQLI
    return {"rows": [list(r) for r in rows]}
