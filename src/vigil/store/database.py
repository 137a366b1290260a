"""Opening the store: an embedded SQLite file by default, PostgreSQL by URL; schema kept at the
newest Alembic revision."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from vigil.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
#: The newest migration's revision. Checked against Alembic's own view by a test; reading it
#: here lets every command skip loading Alembic when the schema is already current.
SCHEMA_HEAD = "0001"


def default_url() -> str:
    """``VIGIL_DATABASE_URL``, else a SQLite file in the user's data directory."""
    configured = os.environ.get("VIGIL_DATABASE_URL")
    if configured:
        return configured
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("vigil", appauthor=False))
    return f"sqlite:///{folder / 'vigil.db'}"


def describe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def open_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine for ``url`` (default: ``default_url()``) with the schema up to date."""
    url = url or default_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"invalid database URL {describe(url)}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, parsed.database)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if migrate:
        try:
            upgrade(engine)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open store {describe(url)}: {exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0]}"
            ) from None
    return engine


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin, so that writes can
        # take the lock up front (BEGIN IMMEDIATE) instead of failing on upgrade mid-import.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Takes effect when the file is created: 32 KiB pages hold a few dozen findings each
        # (a stored finding is about 1 KiB), which makes bulk imports a fifth faster.
        cursor.execute("PRAGMA page_size=32768")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # A 64 MiB page cache: bulk imports otherwise spill and re-read index pages.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, None for an empty one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; cheap when it already is."""
    if current_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several vigil processes may start on an empty database at once.
            connection.execute(text("SELECT pg_advisory_xact_lock(7140001)"))
            if MigrationContext.configure(connection).get_current_revision() == head:
                return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
