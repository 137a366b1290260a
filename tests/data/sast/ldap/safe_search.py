import ldap3
from flask import Flask, request
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)


def connection():
    return ldap3.Connection(ldap3.Server("ldap://localhost"), auto_bind=True)


@app.route("/user")
def user():
    uid = escape_filter_chars(request.args["uid"])
    conn = connection()
    conn.search("ou=people,dc=example,dc=org", f"(uid={uid})")
    return {"found": len(conn.entries)}
