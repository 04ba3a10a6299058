"""Numbered SQL migrations (`migrations/NNN_name.sql`), applied in order and recorded.

Each file runs in one transaction together with its row in `schema_version`,
so a crash mid-migration leaves the database at the previous version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class SchemaTooNew(Exception):
    """The database was written by a newer version of the bot; `str()` says which."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The migrations shipped in bot/store/migrations, by version."""
    found = []
    for entry in resources.files("bot.store").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


async def current_version(db: aiosqlite.Connection) -> int:
    """The highest applied migration, 0 for a new database."""
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    await db.commit()
    async with db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(db: aiosqlite.Connection) -> list[int]:
    """Apply every migration newer than the database; return the versions applied."""
    version = await current_version(db)
    bundled = bundled_migrations()
    newest = bundled[-1].version if bundled else 0
    if version > newest:
        # Older code on a newer schema would misread or corrupt it: refuse before any write.
        raise SchemaTooNew(
            f"its schema is version {version}, newer than this bot's {newest}. "
            "Run the newer bot, or restore a backup"
        )
    applied = []
    for migration in bundled:
        if migration.version <= version:
            continue
        now = datetime.now(UTC).isoformat()
        # executescript commits first, so the BEGIN/COMMIT here make the file atomic.
        try:
            # The SQL and the name come from the migration files bundled with the bot.
            await db.executescript(
                "BEGIN;\n" + migration.sql + "\n"  # noqa: S608 - bundled SQL, no user text
                f"INSERT INTO schema_version (version, name, applied_at) VALUES "
                f"({migration.version}, '{migration.name}', '{now}');\nCOMMIT;"
            )
        except Exception:
            await db.rollback()
            raise
        applied.append(migration.version)
    return applied
