"""The migrations and the table definitions agree, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from vigil.store.database import MIGRATIONS, SCHEMA_HEAD, current_revision
from vigil.store.tables import metadata


def test_schema_head_constant_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_migrated_database_matches_table_definitions(store: Engine) -> None:
    assert current_revision(store) == SCHEMA_HEAD
    with store.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
