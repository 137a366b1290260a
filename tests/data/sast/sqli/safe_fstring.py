import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
    name = "admin"  # overwritten before use: the query never sees request data
    query = f"SELECT * FROM users WHERE name = '{name}'"
    rows = conn.execute(query).fetchall()
    return {"count": len(rows)}
