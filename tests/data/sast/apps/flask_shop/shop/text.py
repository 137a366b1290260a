"""Small text helpers shared by the views."""

import html

SORTABLE = ("name", "price")


def sort_column(requested):
    if requested not in SORTABLE:
        return "name"
    return requested


def escape_html(value):
    return html.escape(str(value))


def greeting(name):
    return "Hello, " + name
