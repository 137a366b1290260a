"""Alembic environment: runs on the connection vigil hands over (see store/database.py)."""

from __future__ import annotations

from alembic import context

from vigil.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("vigil migrations run through vigil.store.database.upgrade()")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
