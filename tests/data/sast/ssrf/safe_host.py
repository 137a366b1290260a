import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/avatar")
def avatar():
    user = request.args["user"]
    response = requests.get(f"https://avatars.example.com/{user}.png", timeout=5)
    return {"size": len(response.content)}
