"""Alembic's environment: migrations run on the connection bot.store.migrate hands over.

There is no alembic.ini and no URL here: the store opens its engine (SQLite or
PostgreSQL), begins one transaction, and runs every pending revision inside it, so a
failed upgrade leaves the database at its previous revision on both databases.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
