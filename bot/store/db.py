"""The database (SQLAlchemy Core, async): SQLite by default, PostgreSQL for DATABASE_URL.

`async with Database(path_or_url) as db:` opens it (`bot.store.engine`: pragmas, pool),
checks it can be used, and brings its schema up to date (`bot.store.migrate`). Every
write runs in `async with db.write() as connection:`, one transaction committed before
the block exits, so a vote is stored before anyone is told it counted. Times go in and
come out as aware UTC datetimes (stored as ISO 8601 UTC text on both databases).

At open, a database the bot could not use is refused in one line (StartupError): on
SQLite a file it cannot write (a write probe) or a corrupt page (`PRAGMA quick_check`),
on PostgreSQL a server it cannot reach or a read-only one, and on both a schema newer
than this code. A full disk later is `StorageFull`: logged once, told to the member in
one line, and reads go on being served.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite
from sqlalchemy.engine import CursorResult, RowMapping
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.errors import StartupError, StorageFull
from bot.store.engine import BUSY_TIMEOUT_MS, EXPLICIT_BEGIN, Target, create_engine
from bot.store.migrate import SchemaTooNew, upgrade
from bot.store.sql import statement, values

log = logging.getLogger(__name__)

__all__ = ["BUSY_TIMEOUT_MS", "Database", "GameAlreadyOpen", "from_text", "to_text"]

QUICK_CHECK_ROWS = 3  # problems quoted from PRAGMA quick_check (it can list thousands)
POSTGRES_DISK_FULL = "53100"  # SQLSTATE disk_full
Args = Sequence[object]


class Unusable(Exception):
    """The database answers but this bot cannot work on it; `str()` says why."""


class GameAlreadyOpen(Exception):
    """The chat already has an open game (the database's unique index said so)."""


def to_text(moment: datetime) -> str:
    """An aware datetime as ISO 8601 text in UTC."""
    return moment.astimezone(UTC).isoformat()


def from_text(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def first_line(error: BaseException) -> str:
    """A driver's message without SQLAlchemy's appended SQL and links."""
    inner = error.orig if isinstance(error, DBAPIError) else error
    return str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__


class Database:
    """One database and its engine. Use as `async with Database(path_or_url) as db:`."""

    def __init__(self, where: Path | str) -> None:
        self.target = Target.parse(where)
        self._engine: AsyncEngine | None = None
        self._raw: aiosqlite.Connection | None = None
        self._full_reported = False

    @property
    def path(self) -> Path:
        """The SQLite file (PostgreSQL: its description, as a path-like name for logs)."""
        return self.target.path or Path(self.target.describe())

    @property
    def is_sqlite(self) -> bool:
        return self.target.is_sqlite

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
        """Connect, check the database can be used and bring its schema up to date.

        Raises StartupError (one line naming the path or URL) when it cannot be used.
        """
        where = self.target.describe()
        try:
            if self.target.path is not None:
                self.target.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = create_engine(self.target)
            if self.is_sqlite:
                await self._check_pages()
            await self._probe_write()
            async with self.write(schema=True) as writer:
                applied = await writer.connection.run_sync(upgrade)
            if applied:
                log.info("database at %s upgraded through revisions %s", where, ", ".join(applied))
            if self.is_sqlite:
                async with self.engine.connect() as connection:
                    raw = await connection.get_raw_connection()
                    self._raw = raw.driver_connection
        except (SchemaTooNew, Unusable) as error:
            await self.close()
            raise StartupError(f"cannot use the database at {where}: {error}") from error
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            await self.close()
            verb = "open" if self.is_sqlite else "reach"
            raise StartupError(
                f"cannot {verb} the database at {where}: {first_line(error)}"
            ) from error
        except BaseException:
            await self.close()
            raise

    async def _check_pages(self) -> None:
        """Refuse a SQLite file with a corrupt page now, not at the first unlucky query."""
        try:
            rows = await self.all(f"PRAGMA quick_check({QUICK_CHECK_ROWS})")
            problems = [str(next(iter(row.values()))) for row in rows]
        except DBAPIError as error:  # damage so bad the check itself stops
            if "file is not a database" in str(error.orig):
                raise
            problems = [first_line(error)]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(
                "it is corrupt (" + "; ".join(p.replace("\n", " ") for p in problems) + "). "
                "Restore it from a backup, or move it away to start a new one"
            )

    async def _probe_write(self) -> None:
        """Refuse a database this process cannot write: a read-only SQLite file (it opens
        fine and fails only at the first vote) or a read-only PostgreSQL (a standby)."""
        async with self.engine.connect() as connection:
            if self.is_sqlite:
                try:
                    await connection.execution_options(**{EXPLICIT_BEGIN: True})
                    await connection.exec_driver_sql("PRAGMA user_version = 0")  # a real write
                except DBAPIError as error:
                    raise sqlite3.OperationalError(
                        f"{first_line(error)}; make the file writable by the bot's user"
                    ) from error
                finally:
                    await connection.rollback()
            else:
                read_only = await connection.exec_driver_sql("SHOW transaction_read_only")
                if read_only.scalar_one() == "on":
                    raise Unusable(
                        "it is read-only (a standby?); point DATABASE_URL at the primary"
                    )

    async def close(self) -> None:
        self._raw = None
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("Store is not open; use `async with Store(path) as store:`")
        return self._engine

    @property
    def db(self) -> aiosqlite.Connection:
        """SQLite's one connection, for tests that look at the tables directly.

        Use it only while no store method runs (it is the connection the pool hands out).
        """
        if self._raw is None:
            raise RuntimeError("no SQLite connection: the store is closed or on PostgreSQL")
        return self._raw

    @contextlib.asynccontextmanager
    async def write(self, *, schema: bool = False) -> AsyncIterator[Writer]:
        """One write transaction: committed on exit, else rolled back.

        `schema=True`: it also changes tables or PRAGMAs (migrations), so on SQLite it
        begins before its first statement rather than before its first change of rows.

        Reads that decide the write go through the `Writer` too (on SQLite the pool's
        one connection is held by the transaction).
        """
        try:
            async with self.engine.connect() as connection:
                if schema:
                    await connection.execution_options(**{EXPLICIT_BEGIN: True})
                async with connection.begin():
                    yield Writer(connection)
        except DBAPIError as error:
            if not self._is_disk_full(error):
                raise
            raise self._storage_full(error) from error
        self._full_reported = False  # space came back: a later full disk is news again

    @staticmethod
    def _is_disk_full(error: DBAPIError) -> bool:
        orig = error.orig
        code = getattr(orig, "sqlite_errorcode", None)
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        return code == sqlite3.SQLITE_FULL or state == POSTGRES_DISK_FULL

    def _storage_full(self, error: DBAPIError) -> StorageFull:
        """The error a member sees; the log hears of a full disk once, not at every write."""
        if not self._full_reported:
            log.error(
                "storage full: %s cannot grow (%s); writes fail until space is freed",
                self.target.describe(),
                first_line(error),
            )
            self._full_reported = True
        return StorageFull()

    async def all(self, sql: str, args: Args = ()) -> list[RowMapping]:
        """The rows of one read (`?` placeholders, see `bot.store.sql`), by column name."""
        async with self.engine.connect() as connection:
            return await Writer(connection).all(sql, args)

    async def one(self, sql: str, args: Args = ()) -> RowMapping | None:
        """The first row of one read, or None."""
        rows = await self.all(sql, args)
        return rows[0] if rows else None

    async def rows(self, sql: str, args: Args = ()) -> list[Sequence[Any]]:
        """The rows of one read as tuples, in the SELECT's order: for reads of thousands
        of rows (a study's votes), one thread hop and no result objects on SQLite."""
        async with self.engine.connect() as connection:
            return await Writer(connection).rows(sql, args)

    async def schema_version(self) -> int:
        """The newest legacy schema version recorded (every revision records its number)."""
        row = await self.one("SELECT MAX(version) AS version FROM schema_version")
        return int(row["version"]) if row and row["version"] is not None else 0


class Writer:
    """The connection of one transaction, taking the store's `?`-placeholder SQL."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def execute(self, sql: str, args: Args = ()) -> CursorResult[Any]:
        """Run one statement; its result has `rowcount`, and rows for `RETURNING`."""
        return await self.connection.execute(statement(sql), values(args))

    async def executemany(self, sql: str, rows: Sequence[Args]) -> None:
        """Run one statement once per row of values."""
        if rows:
            await self.connection.execute(statement(sql), [values(row) for row in rows])

    async def all(self, sql: str, args: Args = ()) -> list[RowMapping]:
        return list((await self.execute(sql, args)).mappings().all())

    async def one(self, sql: str, args: Args = ()) -> RowMapping | None:
        rows = await self.all(sql, args)
        return rows[0] if rows else None

    async def rows(self, sql: str, args: Args = ()) -> list[Sequence[Any]]:
        """Run one statement; its rows (if any) as tuples, in the statement's column order.

        On SQLite the statement goes straight to the driver's connection (the store's
        `?` SQL is sqlite3's own style), in the transaction SQLAlchemy manages on it:
        one thread hop instead of four (cursor, execute, fetch, close) and no result
        objects, which is most of a vote's cost. Driver errors are wrapped as
        SQLAlchemy's, so callers see the same exceptions (IntegrityError, a full disk)
        either way. PostgreSQL takes the ordinary path.
        """
        raw = await self.connection.get_raw_connection()
        driver = raw.driver_connection
        if not isinstance(driver, aiosqlite.Connection):
            result = await self.execute(sql, args)
            return list(result.all()) if result.returns_rows else []
        try:
            return list(await driver.execute_fetchall(sql, tuple(args)))
        except sqlite3.Error as error:
            raise DBAPIError.instance(sql, tuple(args), error, sqlite3.Error) from error
