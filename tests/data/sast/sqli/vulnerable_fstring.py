import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
    query = f"SELECT * FROM users WHERE name = '{name}'"
    rows = conn.execute(query).fetchall()  # expect: VIGIL-PY-SQLI
    return {"count": len(rows)}
