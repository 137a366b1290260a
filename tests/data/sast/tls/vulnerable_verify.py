import requests


def status(url):
    check = False
    return requests.get(url, verify=check, timeout=5).status_code  # expect: VIGIL-PY-TLS
