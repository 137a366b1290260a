"""Strawberry GraphQL resolvers passing their arguments as query parameters."""

import sqlite3

import strawberry


@strawberry.type
class Query:
    @strawberry.field
    def books(self, author: str) -> list[str]:
        db = sqlite3.connect("books.db")
        rows = db.execute("SELECT title FROM books WHERE author = ?", (author,))
        return [r[0] for r in rows]

    @strawberry.field(description="Books of a year")
    def by_year(self, info: strawberry.Info, year: int) -> list[str]:
        db = sqlite3.connect("books.db")
        rows = db.execute("SELECT title FROM books WHERE year = " + str(year))
        return [r[0] for r in rows]
