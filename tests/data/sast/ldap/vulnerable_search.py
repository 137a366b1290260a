import ldap3
from flask import Flask, request

app = Flask(__name__)


def connection():
    return ldap3.Connection(ldap3.Server("ldap://localhost"), auto_bind=True)


@app.route("/user")
def user():
    uid = request.args["uid"]
    conn = connection()
    conn.search("ou=people,dc=example,dc=org", f"(uid={uid})")  # expect: VIGIL-PY-LDAP
    return {"found": len(conn.entries)}
