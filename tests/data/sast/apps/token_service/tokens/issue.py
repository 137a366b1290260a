"""Issuing reset tokens and calling the identity provider (the product's own code)."""

import hashlib
import random
import string

import requests


def reset_token():
    token = "".join(random.choices(string.ascii_letters, k=32))  # expect: VIGIL-PY-RANDOM
    return token


def fetch_profile(user_id):
    return requests.get(f"https://id.example.com/users/{user_id}", verify=False)  # expect: VIGIL-PY-TLS


def fingerprint(data):
    return hashlib.md5(data).hexdigest()  # expect: VIGIL-PY-HASH
