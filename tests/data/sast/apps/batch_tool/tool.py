"""A command-line batch tool: its own "Request" type is no web request, its argument lists
run no shell, and its configured database URL is the operator's. Only the environment
variable spliced into SQL text is a finding."""

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


@dataclass
class JobRequest:
    name: str
    command: tuple[str, ...]


def run(request: JobRequest) -> int:
    done = subprocess.run(list(request.command), check=False)
    return done.returncode


def record(conn, table: Table, request: JobRequest, postgres: bool) -> None:
    insert = postgresql_insert if postgres else sqlite_insert
    conn.execute(insert(table).values(name=request.name).on_conflict_do_nothing())


def purge() -> None:
    conn = sqlite3.connect(os.environ.get("BATCH_DB", "batch.db"))
    older = os.environ.get("PURGE_BEFORE", "2020-01-01")
    conn.execute("DELETE FROM jobs WHERE finished < '" + older + "'")  # expect: VIGIL-PY-SQLI


if __name__ == "__main__":
    sys.exit(run(JobRequest(sys.argv[1], tuple(sys.argv[2:]))))
