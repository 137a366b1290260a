"""Tests make up random passwords and talk to a local server with a self-signed certificate:
not findings of the product."""

import hashlib
import random
import string

import requests

from tokens.issue import reset_token


def random_password():
    password = "".join(random.choices(string.ascii_letters, k=12))
    return password


def test_reset_token_is_long():
    assert len(reset_token()) == 32


def test_local_server_answers():
    password = random_password()
    answer = requests.post("https://localhost:8443/login", json={"p": password}, verify=False)
    assert answer.status_code == 200


def test_fingerprint_matches_md5():
    assert hashlib.md5(b"x").hexdigest() == "9dd4e461268c8034f5c8564e155c67a6"
