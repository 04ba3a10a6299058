"""Alembic's migration scripts for the store (SQLite and PostgreSQL); run by bot.store.migrate."""
