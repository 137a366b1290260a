import jwt
from flask import Flask, request

app = Flask(__name__)
KEY = "change-me"
CHECK = False


@app.route("/me")
def me():
    token = request.headers.get("Authorization", "")
    claims = jwt.decode(token, verify=False)  # expect: VIGIL-PY-JWT
    return {"user": claims.get("sub")}


@app.route("/me2")
def me2():
    token = request.headers.get("Authorization", "")
    claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_signature": CHECK})  # expect: VIGIL-PY-JWT
    return {"user": claims.get("sub")}


@app.route("/me3")
def me3():
    token = request.headers.get("Authorization", "")
    claims = jwt.decode(token, KEY, algorithms=["HS256", "none"])  # expect: VIGIL-PY-JWT
    return {"user": claims.get("sub")}
