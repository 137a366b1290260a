import requests


def status(url):
    check = not False
    return requests.get(url, verify=check, timeout=5).status_code
