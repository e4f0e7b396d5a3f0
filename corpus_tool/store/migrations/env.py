"""Alembic environment: run by corpus_tool.store.migrate() with a live connection."""
from __future__ import annotations

from alembic import context

from corpus_tool.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("corpus-tool migrations run through corpus_tool.store.migrate()")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
