from flask import Flask, request, session

app = Flask(__name__)


@app.route("/prefs", methods=["POST"])
def prefs():
    theme = request.form.get("theme", "light")
    session["role"] = theme  # expect: VIGIL-PY-TRUST
    return {"ok": True}
