"""The SQLAlchemy engines of the store: a SQLite file (aiosqlite) or PostgreSQL (asyncpg).

`Target.parse(path_or_url)` tells them apart: `postgresql://…` (DATABASE_URL) is
PostgreSQL, anything else is the path of a SQLite file. `create_engine(target)` builds
the engine:

- SQLite: a pool of exactly one connection, so every read and write of this process
  takes its turn on it (the pool is the write lock); WAL, foreign keys and a busy
  timeout are set on connecting. A write transaction begins `IMMEDIATE`: it takes the
  file's write lock at once, waiting up to the busy timeout for another process's,
  rather than failing when a read turns into a write. The sqlite3 module emits that
  BEGIN itself before the first change (one round trip fewer per vote); a transaction
  that must hold DDL or PRAGMAs too (migrations, the write probe) is begun explicitly
  by `EXPLICIT_BEGIN`. Reads run outside transactions.
- PostgreSQL: a pool of connections; each write is its own READ COMMITTED transaction,
  committed before the write method returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

BUSY_TIMEOUT_MS = 5000  # how long a SQLite writer waits for another's lock before failing
EXPLICIT_BEGIN = "melodybot_explicit_begin"  # execution option: BEGIN IMMEDIATE at once
POSTGRES_POOL_SIZE = 5  # connections kept open per bot process
POSTGRES_POOL_OVERFLOW = 10  # extra connections under a burst, closed again after
POOL_WAIT_SECONDS = 60.0  # a query waits this long for a free connection


@dataclass(frozen=True)
class Target:
    """Where the store lives: a SQLite file (`path`) or a PostgreSQL database (`url`)."""

    path: Path | None
    url: URL | None

    @classmethod
    def parse(cls, where: Path | str) -> Target:
        """A `postgresql://` URL (any driver suffix) or a SQLite file path."""
        if isinstance(where, str) and where.startswith("postgresql"):
            url = make_url(where)
            return cls(path=None, url=url.set(drivername="postgresql+asyncpg"))
        return cls(path=Path(where), url=None)

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def describe(self) -> str:
        """The path, or the URL without its password (for one-line errors and logs)."""
        if self.url is not None:
            return self.url.set(drivername="postgresql").render_as_string(hide_password=True)
        return str(self.path)


def create_engine(target: Target) -> AsyncEngine:
    """The engine for `target`, with the SQLite pragmas and transaction handling set."""
    if target.url is not None:
        return create_async_engine(
            target.url,
            pool_size=POSTGRES_POOL_SIZE,
            max_overflow=POSTGRES_POOL_OVERFLOW,
            pool_timeout=POOL_WAIT_SECONDS,
            pool_pre_ping=True,  # a server restarted under us: reconnect, don't fail a vote
        )
    engine = create_async_engine(
        URL.create("sqlite+aiosqlite", database=str(target.path)),
        pool_size=1,
        max_overflow=0,
        pool_timeout=POOL_WAIT_SECONDS,
        # Every checkout ends its own transaction (commit, or rollback on close): a
        # second rollback on return to the pool would only cost a round trip.
        pool_reset_on_return=None,
    )
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Pragmas of every SQLite connection, and its implicit BEGIN made IMMEDIATE."""
    dbapi_connection.isolation_level = "IMMEDIATE"
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode = WAL",
        "foreign_keys = ON",
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    """BEGIN IMMEDIATE now for a transaction that holds more than changes of rows."""
    if connection.get_execution_options().get(EXPLICIT_BEGIN, False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
