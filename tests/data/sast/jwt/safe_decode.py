import jwt
from flask import Flask, request

app = Flask(__name__)
KEY = "change-me"
CHECK = True


@app.route("/me")
def me():
    token = request.headers.get("Authorization", "")
    claims = jwt.decode(token, KEY, verify=True, algorithms=["HS256"])
    return {"user": claims.get("sub")}


@app.route("/me2")
def me2():
    token = request.headers.get("Authorization", "")
    claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_signature": CHECK})
    return {"user": claims.get("sub")}


@app.route("/me3")
def me3():
    token = request.headers.get("Authorization", "")
    claims = jwt.decode(token, KEY, algorithms=["HS256", "RS256"], options={"verify_exp": False})
    return {"user": claims.get("sub")}
