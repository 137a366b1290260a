"""Shared fixtures: real stores on both engines.

PostgreSQL comes from VIGIL_TEST_POSTGRES_URL (a server that exists; each test worker gets a
database of its own). Without it, PostgreSQL tests skip with the reason — except when
VIGIL_REQUIRE_SERVICES=1 (CI), where a missing server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from vigil.store.database import open_engine
from vigil.store.tables import metadata

SAMPLES = Path(__file__).parent / "data" / "samples"


def _service_missing(reason: str) -> None:
    if os.environ.get("VIGIL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test worker, dropped afterwards."""
    base = os.environ.get("VIGIL_TEST_POSTGRES_URL")
    if not base:
        _service_missing("VIGIL_TEST_POSTGRES_URL is not set")
    import psycopg

    url = make_url(base)
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"vigil_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(libpq, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _service_missing(f"PostgreSQL at {url.render_as_string()} unreachable: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty, migrated store: a SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vigil.db'}"
        return
    url: str = request.getfixturevalue("postgres_url")
    engine = open_engine(url)
    with engine.begin() as conn:
        names = ", ".join(t.name for t in metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    """An open engine on ``store_url``."""
    engine = open_engine(store_url)
    yield engine
    engine.dispose()
