"""Bulk writes straight to the driver's executemany, in chunks.

SQLAlchemy Core spends more time preparing 100,000 parameter dicts than the database spends
writing them; positional tuples through ``exec_driver_sql`` avoid that, and chunking keeps
memory flat. Values shared by every row (a scan id, a timestamp) are passed once as constants
and converted once. Table and column names come from ``tables.py``, never from input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, LargeBinary, Table

CHUNK = 5_000


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle in ("qmark", "numeric") else "%s"


def _processor(conn: Connection, table: Table, name: str) -> Callable[[Any], Any] | None:
    column_type = table.c[name].type
    if isinstance(column_type, LargeBinary):
        return None  # both drivers take bytes as they are
    return column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)


def _bound(conn: Connection, table: Table, values: Mapping[str, Any]) -> tuple[Any, ...]:
    """``values`` converted for the driver, in order."""
    out = []
    for name, value in values.items():
        processor = _processor(conn, table, name)
        out.append(processor(value) if processor else value)
    return tuple(out)


def _chunks(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _run(
    conn: Connection,
    sql: str,
    rows: Iterable[tuple[Any, ...]],
    prefix: tuple[Any, ...] = (),
    suffix: tuple[Any, ...] = (),
) -> int:
    count = 0
    for chunk in _chunks(rows):
        if prefix or suffix:
            chunk = [prefix + row + suffix for row in chunk]  # noqa: PLW2901 - same rows
        conn.exec_driver_sql(sql, chunk)
        count += len(chunk)
    return count


def bulk_insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """INSERT every row (a tuple in ``columns`` order, plain values the driver takes as they
    are) with ``constants`` added to each; returns how many."""
    constants = constants or {}
    names = [*columns, *constants]
    mark = _placeholder(conn)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "  # noqa: S608 - names are ours
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    per_row = [(i, p) for i, c in enumerate(columns) if (p := _processor(conn, table, c))]
    if per_row:
        rows = (_converted(row, per_row) for row in rows)
    return _run(conn, sql, rows, suffix=_bound(conn, table, constants))


def _converted(
    row: tuple[Any, ...], processors: list[tuple[int, Callable[[Any], Any]]]
) -> tuple[Any, ...]:
    values = list(row)
    for index, processor in processors:
        values[index] = processor(values[index])
    return tuple(values)


def bulk_update(
    conn: Connection,
    table: Table,
    values: Mapping[str, Any],
    where_columns: Sequence[str],
    keys: Iterable[tuple[Any, ...]],
) -> int:
    """SET ``values`` on every row whose ``where_columns`` equal one of ``keys``."""
    mark = _placeholder(conn)
    assignments = ", ".join(f"{c} = {mark}" for c in values)
    condition = " AND ".join(f"{c} = {mark}" for c in where_columns)
    sql = f"UPDATE {table.name} SET {assignments} WHERE {condition}"  # noqa: S608
    return _run(conn, sql, keys, prefix=_bound(conn, table, values))
