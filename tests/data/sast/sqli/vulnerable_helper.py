import sqlite3

from flask import Flask, request

app = Flask(__name__)


def run(cursor, sql):
    cursor.execute(sql)
    return cursor.fetchall()


@app.route("/orders", methods=["POST"])
def orders():
    status = request.form["status"]
    cursor = sqlite3.connect("app.db").cursor()
    rows = run(cursor, "SELECT id FROM orders WHERE status = '" + status + "'")  # expect: VIGIL-PY-SQLI
    return {"ids": [r[0] for r in rows]}
