from flask import Flask, request, session

app = Flask(__name__)


@app.route("/prefs", methods=["POST"])
def prefs():
    theme = request.form.get("theme", "light")
    if theme in ("light", "dark"):
        session["theme"] = theme
    return {"ok": True}
