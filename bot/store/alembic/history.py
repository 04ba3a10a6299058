"""Helpers of the revisions: the legacy `schema_version` record and the legacy SQL files.

Every revision also appends its row to `schema_version`, the table the store kept before
Alembic, so an older bot (which reads only that table) still refuses a newer schema
rather than misread it. A revision's number is the legacy version it matches.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import sqlalchemy as sa

_COMMENT = re.compile(r"--[^\n]*")

schema_version = sa.table(
    "schema_version",
    sa.column("version", sa.Integer),
    sa.column("name", sa.Text),
    sa.column("applied_at", sa.Text),
)


def record_version(op: Any, version: int, name: str) -> None:
    """Append the legacy record of one applied schema version (`op`: alembic.op)."""
    op.bulk_insert(
        schema_version,
        [{"version": version, "name": name, "applied_at": datetime.now(UTC).isoformat()}],
    )


def legacy_statements(filename: str) -> list[str]:
    """The statements of a portable legacy SQL file in bot/store/migrations, in order.

    Comments are dropped and statements split at `;` (the files hold no string with
    either), so each can go through `op.execute` on SQLite and PostgreSQL alike.
    """
    text = resources.files("bot.store").joinpath("migrations", filename).read_text("utf-8")
    statements = _COMMENT.sub("", text).split(";")
    return [s.strip() for s in statements if s.strip()]
