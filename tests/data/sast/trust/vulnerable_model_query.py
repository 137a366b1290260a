"""Flask-SQLAlchemy: what is stored in the session is the request's, not the row's."""

from flask import Flask, request, session
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))


@app.route("/login", methods=["POST"])
def login():
    name = request.form["name"]
    user = User.query.filter_by(name=name).first()
    if user is None:
        return "no such user", 404
    session["name"] = name  # expect: VIGIL-PY-TRUST
    return "ok"
