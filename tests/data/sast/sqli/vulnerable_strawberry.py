"""Strawberry GraphQL resolvers: their arguments are the client's."""

import sqlite3

import strawberry


@strawberry.type
class Query:
    @strawberry.field
    def books(self, author: str) -> list[str]:
        db = sqlite3.connect("books.db")
        rows = db.execute(f"SELECT title FROM books WHERE author = '{author}'")  # expect: VIGIL-PY-SQLI
        return [r[0] for r in rows]

    @strawberry.field(description="Books of a year")
    def by_year(self, info: strawberry.Info, year: str) -> list[str]:
        db = sqlite3.connect("books.db")
        rows = db.execute("SELECT title FROM books WHERE year = " + year)  # expect: VIGIL-PY-SQLI
        return [r[0] for r in rows]
