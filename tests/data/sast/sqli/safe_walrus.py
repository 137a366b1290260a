import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/find")
def find():
    conn = sqlite3.connect("app.db")
    if (name := request.args.get("name")) is not None:
        return {"rows": conn.execute("SELECT * FROM t WHERE name = ?", (name,)).fetchall()}
    return {"rows": []}
