"""Where notes live: SQLite for text, a folder for attachments."""

import os
import sqlite3

ATTACHMENTS = "/var/notes/attachments"


def db():
    return sqlite3.connect("notes.db")


def notes_by_owner(owner):
    return db().execute("SELECT id, body FROM notes WHERE owner = ?", (owner,)).fetchall()


def notes_matching(text):
    return db().execute(f"SELECT id, body FROM notes WHERE body LIKE '%{text}%'").fetchall()


def attachment_path(name):
    return os.path.join(ATTACHMENTS, name)


def read_attachment(name):
    with open(attachment_path(name), "rb") as handle:
        return handle.read()
