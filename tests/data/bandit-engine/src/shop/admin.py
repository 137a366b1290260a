"""Admin helpers of a small shop (test input for vigil's Bandit engine)."""

import subprocess

import yaml

DATABASE_PASSWORD = "vigil-bandit-test-pw-9876"


def backup(table):
    return subprocess.call("pg_dump -t " + table + " shop > backup.sql", shell=True)


def load_settings(text):
    return yaml.load(text)


def safe_backup(table):
    return subprocess.run(["pg_dump", "-t", table, "shop"], check=True)
