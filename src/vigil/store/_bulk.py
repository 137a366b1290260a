"""Bulk writes straight to the driver's executemany, in chunks.

SQLAlchemy Core spends more time preparing 100,000 parameter dicts than the database spends
writing them; positional tuples through ``exec_driver_sql`` avoid that, and chunking keeps
memory flat. Table and column names come from ``tables.py``, never from input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table

CHUNK = 5_000


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle in ("qmark", "numeric") else "%s"


def _processors(
    conn: Connection, table: Table, columns: Sequence[str]
) -> list[tuple[int, Callable[[Any], Any]]]:
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        column_type = table.c[name].type.dialect_impl(conn.dialect)
        processor = column_type.bind_processor(conn.dialect)
        if processor is not None:
            found.append((index, processor))
    return found


def _chunks(rows: Iterable[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _run(
    conn: Connection,
    sql: str,
    processors: list[tuple[int, Callable[[Any], Any]]],
    rows: Iterable[Sequence[Any]],
) -> int:
    count = 0
    # Imports repeat the same timestamp or flag on every row: convert each distinct value once.
    memo: list[dict[Any, Any]] = [{} for _ in processors]
    for chunk in _chunks(rows):
        batch: list[Sequence[Any]] = chunk
        if processors:
            batch = []
            for row in chunk:
                values = list(row)
                for (index, processor), seen in zip(processors, memo, strict=True):
                    value = values[index]
                    try:
                        values[index] = seen[value]
                    except KeyError:
                        values[index] = seen[value] = processor(value)
                    except TypeError:  # unhashable: convert every time
                        values[index] = processor(value)
                batch.append(tuple(values))
        conn.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT every row (a tuple in ``columns`` order); returns how many."""
    mark = _placeholder(conn)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "  # noqa: S608 - names are ours
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    return _run(conn, sql, _processors(conn, table, columns), rows)


def bulk_update(
    conn: Connection,
    table: Table,
    set_columns: Sequence[str],
    where_columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """UPDATE rows matched on ``where_columns``; each row is set values then key values."""
    mark = _placeholder(conn)
    assignments = ", ".join(f"{c} = {mark}" for c in set_columns)
    condition = " AND ".join(f"{c} = {mark}" for c in where_columns)
    sql = f"UPDATE {table.name} SET {assignments} WHERE {condition}"  # noqa: S608
    return _run(conn, sql, _processors(conn, table, [*set_columns, *where_columns]), rows)
