"""A debug view echoing the request headers as plain text."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/debug")
def debug():
    text = "".join(f"{k}: {v}\n" for k, v in request.headers.items())
    response = make_response(text)
    response.mimetype = "text/plain"
    return response
