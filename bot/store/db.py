"""The SQLite database (aiosqlite): one connection, its write lock, pragmas and migrations.

`async with Database(path) as db:` opens the file (creating its folder),
switches on WAL, foreign keys and a busy timeout, and applies migrations.
Every write commits before its method returns, so a vote is on disk before
anyone is told it counted. Times go in and come out as aware UTC datetimes.

All coroutines share one connection, so one open transaction at a time: every
write method holds `_write_lock` from its first statement through its commit
(or rollback), and another coroutine's commit can never publish half of it,
nor its rollback undo another's write.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import aiosqlite

from bot.errors import StartupError
from bot.store.migrate import migrate

BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another's lock before failing


class GameAlreadyOpen(Exception):
    """The chat already has an open game (the database's unique index said so)."""


def to_text(moment: datetime) -> str:
    """An aware datetime as ISO 8601 text in UTC."""
    return moment.astimezone(UTC).isoformat()


def from_text(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


class Database:
    """One SQLite database file and its connection. Use as `async with Database(path) as db:`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()

    async def open(self) -> None:
        """Open the file, set the pragmas and bring the schema up to date.

        Raises StartupError (one line naming the path) when the file cannot be used:
        a folder, not a database, corrupt, or not writable.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = await aiosqlite.connect(self.path)
            self._db.row_factory = aiosqlite.Row
            await self._db.execute("PRAGMA journal_mode = WAL")
            await self._db.execute("PRAGMA foreign_keys = ON")
            await self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await migrate(self._db)
        except sqlite3.Error as error:
            await self.close()
            raise StartupError(f"cannot open the database at {self.path}: {error}") from error
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("Store is not open; use `async with Store(path) as store:`")
        return self._db

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction, alone on the connection: committed on exit, else rolled back."""
        async with self._write_lock:
            try:
                yield self.db
            except BaseException:
                await self.db.rollback()
                raise
            await self.db.commit()

    async def all(self, sql: str, args: Sequence = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, args) as cursor:
            return list(await cursor.fetchall())

    async def one(self, sql: str, args: Sequence = ()) -> aiosqlite.Row | None:
        async with self.db.execute(sql, args) as cursor:
            return await cursor.fetchone()

    async def schema_version(self) -> int:
        row = await self.one("SELECT MAX(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0
