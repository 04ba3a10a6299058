"""The SQLite database (aiosqlite): one connection, its write lock, pragmas and migrations.

`async with Database(path) as db:` opens the file (creating its folder),
switches on WAL, foreign keys and a busy timeout, and applies migrations.
Every write commits before its method returns, so a vote is on disk before
anyone is told it counted. Times go in and come out as aware UTC datetimes.

All coroutines share one connection, so one open transaction at a time: every
write method holds `_write_lock` from its first statement through its commit
(or rollback), and another coroutine's commit can never publish half of it,
nor its rollback undo another's write.

At open, a database the bot could not use is refused in one line (StartupError):
a file it cannot write (a write probe), a schema newer than this code, a corrupt
page (`PRAGMA quick_check`). A full disk later is `StorageFull`: logged once, told
to the member in one line, and reads go on being served.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import aiosqlite

from bot.errors import StartupError, StorageFull
from bot.store.migrate import SchemaTooNew, migrate

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another's lock before failing
QUICK_CHECK_ROWS = 3  # problems quoted from PRAGMA quick_check (it can list thousands)


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
        self._full_reported = False

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
            await self._check_pages()
            await self._probe_write()
            await migrate(self._db)
        except SchemaTooNew as error:
            await self.close()
            raise StartupError(f"cannot use the database at {self.path}: {error}") from error
        except sqlite3.Error as error:
            await self.close()
            raise StartupError(f"cannot open the database at {self.path}: {error}") from error
        except BaseException:
            await self.close()
            raise

    async def _check_pages(self) -> None:
        """Refuse a database with a corrupt page now, not at the first unlucky query."""
        try:
            async with self.db.execute(f"PRAGMA quick_check({QUICK_CHECK_ROWS})") as cursor:
                problems = [str(row[0]) for row in await cursor.fetchall()]
        except sqlite3.DatabaseError as error:  # damage so bad the check itself stops
            problems = [str(error)]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(
                "it is corrupt (" + "; ".join(p.replace("\n", " ") for p in problems) + "). "
                "Restore it from a backup, or move it away to start a new one"
            )

    async def _probe_write(self) -> None:
        """Refuse a database this process cannot write (a read-only file in a writable
        folder opens fine and fails only at the first vote)."""
        try:
            await self.db.execute("BEGIN IMMEDIATE")
            await self.db.execute("PRAGMA user_version = 0")  # a real write of the header
        except sqlite3.OperationalError as error:
            raise sqlite3.OperationalError(
                f"{error}; make the file writable by the bot's user"
            ) from error
        finally:
            if self.db.in_transaction:
                await self.db.rollback()

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
                await self.db.commit()
            except sqlite3.OperationalError as error:
                await self.db.rollback()
                if error.sqlite_errorcode != sqlite3.SQLITE_FULL:
                    raise
                raise self._storage_full(error) from error
            except BaseException:
                await self.db.rollback()
                raise
        self._full_reported = False  # space came back: a later full disk is news again

    def _storage_full(self, error: sqlite3.Error) -> StorageFull:
        """The error a member sees; the log hears of a full disk once, not at every write."""
        if not self._full_reported:
            log.error(
                "storage full: %s cannot grow (%s); writes fail until space is freed",
                self.path,
                error,
            )
            self._full_reported = True
        return StorageFull()

    async def all(self, sql: str, args: Sequence[object] = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, args) as cursor:
            return list(await cursor.fetchall())

    async def one(self, sql: str, args: Sequence[object] = ()) -> aiosqlite.Row | None:
        async with self.db.execute(sql, args) as cursor:
            return await cursor.fetchone()

    async def schema_version(self) -> int:
        row = await self.one("SELECT MAX(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0
