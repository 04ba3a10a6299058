"""The schema: Alembic revisions (bot/store/alembic), and the legacy SQL files before them.

`upgrade(connection)` brings a database to the newest revision inside the caller's one
transaction, so a failed upgrade leaves it where it was:

- an empty database (SQLite or PostgreSQL) is built by the revisions from the baseline;
- a SQLite database made by the legacy runner (a `schema_version` table, no
  `alembic_version`) is first brought to the newest legacy version by the legacy SQL
  files (`migrations/NNN_name.sql`, frozen: new changes are Alembic revisions), then
  stamped with the revision of that number, then upgraded like any other;
- a database at a revision this bot does not know (written by a newer bot) is refused
  with SchemaTooNew before anything is written.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.store.alembic.history import legacy_statements

# Alembic says "Context impl…", "Will assume…" at every start; the store logs what it applied.
logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
LEGACY_TABLE = "schema_version"
ALEMBIC_TABLE = "alembic_version"


class SchemaTooNew(Exception):
    """The database was written by a newer version of the bot; `str()` says which."""


@dataclass(frozen=True)
class Migration:
    """One legacy SQL migration file."""

    version: int
    name: str
    filename: str


def bundled_migrations() -> list[Migration]:
    """The legacy migrations shipped in bot/store/migrations, by version."""
    found = []
    for entry in resources.files("bot.store").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.name))
    return sorted(found, key=lambda m: m.version)


def revision_of(legacy_version: int) -> str:
    """The Alembic revision equal to a legacy schema version."""
    return f"{legacy_version:04d}"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Alembic's settings, in code: our script folder and the caller's connection."""
    config = Config()
    config.set_main_option("script_location", "bot.store:alembic")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this bot knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("bot/store/alembic has no revisions")
    return head


def upgrade(connection: sa.Connection) -> list[str]:
    """Bring the database to the newest revision; return the revisions applied, in order.

    Runs inside the caller's transaction (sync: use `AsyncConnection.run_sync`).
    Raises SchemaTooNew, before any write, for a schema newer than this bot.
    """
    config = alembic_config(connection)
    scripts = ScriptDirectory.from_config(config)
    head = head_revision()
    tables = set(sa.inspect(connection).get_table_names())
    legacy = _legacy_version(connection) if LEGACY_TABLE in tables else None
    if legacy is not None and legacy > int(head):
        # Older code on a newer schema would misread or corrupt it: refuse before any write.
        raise SchemaTooNew(
            f"its schema is version {legacy}, newer than this bot's {int(head)}. "
            "Run the newer bot, or restore a backup"
        )
    current: str | None = None
    if ALEMBIC_TABLE in tables:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
            raise SchemaTooNew(
                f"its schema is revision {current}, unknown to this bot (newest {head}). "
                "Run the newer bot, or restore a backup"
            )
    elif legacy is not None:
        current = revision_of(_upgrade_legacy(connection, legacy))
        command.stamp(config, current)
    applied = [
        s.revision
        for s in reversed(list(scripts.iterate_revisions("heads", current or "base")))
        if s.revision != current
    ]
    command.upgrade(config, "head")
    return applied


def _legacy_version(connection: sa.Connection) -> int:
    """The newest version recorded in the legacy `schema_version` table (0: none)."""
    return int(
        connection.exec_driver_sql(
            f"SELECT COALESCE(MAX(version), 0) FROM {LEGACY_TABLE}"  # noqa: S608 - constant
        ).scalar_one()
    )


def _upgrade_legacy(connection: sa.Connection, version: int) -> int:
    """Apply the legacy SQL files newer than a legacy database; return its version now."""
    bundled = bundled_migrations()
    for migration in bundled:
        if migration.version <= version:
            continue
        for statement in legacy_statements(migration.filename):
            connection.exec_driver_sql(statement)
        connection.execute(
            sa.text(
                f"INSERT INTO {LEGACY_TABLE} (version, name, applied_at)"  # noqa: S608 - constant
                " VALUES (:version, :name, :now)"
            ),
            {"version": migration.version, "name": migration.name, "now": _now()},
        )
    return max(version, bundled[-1].version)


def _now() -> str:
    return datetime.now(UTC).isoformat()
