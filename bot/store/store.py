"""The SQLite store (aiosqlite): melodies, games, items, votes, submissions and members.

`async with Store(path) as store:` opens the file (creating its folder),
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
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import aiosqlite

from bot.errors import StartupError
from bot.store.migrate import migrate
from bot.store.records import GameRow, ItemRow, MelodyRow, SubmissionRow, VoteRow

BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another's lock before failing


class GameAlreadyOpen(Exception):
    """The chat already has an open game (the database's unique index said so)."""


def to_text(moment: datetime) -> str:
    """An aware datetime as ISO 8601 text in UTC."""
    return moment.astimezone(UTC).isoformat()


def from_text(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


_ITEM_COLUMNS = (
    "i.id, i.game_id, i.position, i.letter, i.melody_id, "
    "m.source, m.params, m.title, m.collection, m.submitter"
)
_VOTE_COLUMNS = (
    "i.game_id, i.letter, m.source, m.title, v.voter, v.guess, v.confidence, v.quality, v.voted_at"
)


class Store:
    """One SQLite database file. Use as `async with Store(path) as store:`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    async def __aenter__(self) -> Store:
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
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction, alone on the connection: committed on exit, else rolled back."""
        async with self._write_lock:
            try:
                yield self.db
            except BaseException:
                await self.db.rollback()
                raise
            await self.db.commit()

    async def _all(self, sql: str, args: Sequence = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, args) as cursor:
            return list(await cursor.fetchall())

    async def _one(self, sql: str, args: Sequence = ()) -> aiosqlite.Row | None:
        async with self.db.execute(sql, args) as cursor:
            return await cursor.fetchone()

    async def schema_version(self) -> int:
        row = await self._one("SELECT MAX(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0

    # --- melodies ---------------------------------------------------------------------------

    async def add_melody(
        self,
        *,
        source: str,
        params: dict,
        midi: bytes,
        now: datetime,
        seed: int | None = None,
        title: str | None = None,
        collection: str | None = None,
        submitter: str | None = None,
    ) -> int:
        """Store a melody; return its id."""
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO melodies (source, params, seed, title, collection, submitter, midi,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    source,
                    json.dumps(params, sort_keys=True),
                    seed,
                    title,
                    collection,
                    submitter,
                    midi,
                    to_text(now),
                ),
            )
        return int(cursor.lastrowid or 0)

    async def melody(self, melody_id: int) -> MelodyRow | None:
        row = await self._one("SELECT * FROM melodies WHERE id = ?", (melody_id,))
        return _melody(row) if row else None

    # --- games ------------------------------------------------------------------------------

    async def create_game(
        self,
        *,
        platform: str,
        chat: str,
        creator: str,
        opened_at: datetime,
        closes_at: datetime,
        items: Sequence[tuple[str, int]],
    ) -> int:
        """Open a game with (letter, melody id) items in order, in one transaction.

        Raises GameAlreadyOpen when the chat has an open game.
        """
        try:
            async with self._write() as db:
                cursor = await db.execute(
                    "INSERT INTO games (platform, chat, creator, opened_at, closes_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (platform, chat, creator, to_text(opened_at), to_text(closes_at)),
                )
                game_id = int(cursor.lastrowid or 0)
                await db.executemany(
                    "INSERT INTO game_items (game_id, position, letter, melody_id)"
                    " VALUES (?, ?, ?, ?)",
                    [
                        (game_id, position, letter, melody_id)
                        for position, (letter, melody_id) in enumerate(items)
                    ],
                )
        except sqlite3.IntegrityError as error:  # rolled back by _write
            if "UNIQUE constraint failed: games." in str(error):  # one open game per chat
                raise GameAlreadyOpen(platform, chat) from error
            raise
        return game_id

    async def game(self, game_id: int) -> GameRow | None:
        row = await self._one("SELECT * FROM games WHERE id = ?", (game_id,))
        return _game(row) if row else None

    async def open_game(self, platform: str, chat: str) -> GameRow | None:
        row = await self._one(
            "SELECT * FROM games WHERE platform = ? AND chat = ? AND status = 'open'",
            (platform, chat),
        )
        return _game(row) if row else None

    async def latest_game(
        self, platform: str, chat: str, closed_only: bool = False
    ) -> GameRow | None:
        """The chat's most recent game (or most recent closed one)."""
        status = " AND status = 'closed'" if closed_only else ""
        row = await self._one(
            f"SELECT * FROM games WHERE platform = ? AND chat = ?{status} ORDER BY id DESC LIMIT 1",
            (platform, chat),
        )
        return _game(row) if row else None

    async def open_games(self) -> list[GameRow]:
        """Every open game on every platform, soonest closing first (for re-arming timers)."""
        rows = await self._all("SELECT * FROM games WHERE status = 'open' ORDER BY closes_at, id")
        return [_game(r) for r in rows]

    async def close_game(
        self, game_id: int, by: str, now: datetime, *, announced: bool = True
    ) -> bool:
        """Close an open game; False when it was already closed (so only one closer reveals).

        `announced=False` (a close by the timer) leaves the reveal to be posted by the
        front end, which then calls `mark_announced`.
        """
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE games SET status = 'closed', closed_at = ?, closed_by = ?,"
                " announced_at = ? WHERE id = ? AND status = 'open'",
                (to_text(now), by, to_text(now) if announced else None, game_id),
            )
        return cursor.rowcount == 1

    async def mark_announced(self, game_id: int, now: datetime) -> None:
        """Record that a closed game's reveal has been posted."""
        async with self._write() as db:
            await db.execute(
                "UPDATE games SET announced_at = ? WHERE id = ?", (to_text(now), game_id)
            )

    async def unannounced_games(self, platform: str) -> list[GameRow]:
        """Closed games of a platform whose reveal was never posted, oldest first."""
        rows = await self._all(
            "SELECT * FROM games WHERE platform = ? AND status = 'closed'"
            " AND announced_at IS NULL ORDER BY id",
            (platform,),
        )
        return [_game(r) for r in rows]

    async def items(self, game_id: int) -> list[ItemRow]:
        rows = await self._all(
            f"SELECT {_ITEM_COLUMNS} FROM game_items i JOIN melodies m ON m.id = i.melody_id"
            " WHERE i.game_id = ? ORDER BY i.position",
            (game_id,),
        )
        return [_item(r) for r in rows]

    # --- votes ------------------------------------------------------------------------------

    async def record_vote(
        self,
        *,
        item_id: int,
        voter: str,
        guess: str,
        confidence: int | None,
        quality: int | None,
        now: datetime,
    ) -> bool:
        """Store a vote, replacing the voter's earlier one on that item; committed on return.

        Returns True when an earlier vote was replaced.
        """
        async with self._write() as db:
            earlier = await self._one(
                "SELECT 1 FROM votes WHERE item_id = ? AND voter = ?", (item_id, voter)
            )
            await db.execute(
                "INSERT INTO votes (item_id, voter, guess, confidence, quality, voted_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (item_id, voter) DO UPDATE SET guess = excluded.guess,"
                " confidence = excluded.confidence, quality = excluded.quality,"
                " voted_at = excluded.voted_at",
                (item_id, voter, guess, confidence, quality, to_text(now)),
            )
        return earlier is not None

    async def game_votes(self, game_id: int) -> list[VoteRow]:
        rows = await self._all(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"
            " JOIN melodies m ON m.id = i.melody_id WHERE i.game_id = ?"
            " ORDER BY i.position, v.voted_at, v.voter",
            (game_id,),
        )
        return [_vote(r) for r in rows]

    async def chat_votes(self, platform: str, chat: str) -> list[VoteRow]:
        """Votes of every closed game of a chat (open games stay secret until they close)."""
        rows = await self._all(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"
            " JOIN melodies m ON m.id = i.melody_id JOIN games g ON g.id = i.game_id"
            " WHERE g.platform = ? AND g.chat = ? AND g.status = 'closed'"
            " ORDER BY g.id, i.position, v.voted_at, v.voter",
            (platform, chat),
        )
        return [_vote(r) for r in rows]

    async def vote_of(self, game_id: int, letter: str, voter: str) -> VoteRow | None:
        """A member's stored vote on one item of a game, or None."""
        row = await self._one(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"
            " JOIN melodies m ON m.id = i.melody_id"
            " WHERE i.game_id = ? AND i.letter = ? AND v.voter = ?",
            (game_id, letter, voter),
        )
        return _vote(row) if row else None

    async def voter_count(self, game_id: int) -> int:
        """How many different members have voted in a game."""
        row = await self._one(
            "SELECT COUNT(DISTINCT v.voter) FROM votes v JOIN game_items i ON i.id = v.item_id"
            " WHERE i.game_id = ?",
            (game_id,),
        )
        return int(row[0]) if row else 0

    async def vote_count(self, game_id: int) -> int:
        row = await self._one(
            "SELECT COUNT(*) FROM votes v JOIN game_items i ON i.id = v.item_id"
            " WHERE i.game_id = ?",
            (game_id,),
        )
        return int(row[0]) if row else 0

    # --- submissions ------------------------------------------------------------------------

    async def add_submission(
        self,
        *,
        platform: str,
        chat: str,
        submitter: str,
        filename: str | None,
        melody_id: int,
        now: datetime,
    ) -> int:
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO submissions (platform, chat, submitter, filename, melody_id,"
                " submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
                (platform, chat, submitter, filename, melody_id, to_text(now)),
            )
        return int(cursor.lastrowid or 0)

    async def set_game_message(self, game_id: int, message: str) -> None:
        """Record where a game's message was posted (platform-specific text)."""
        async with self._write() as db:
            await db.execute("UPDATE games SET message = ? WHERE id = ?", (message, game_id))

    async def submission(self, submission_id: int) -> SubmissionRow | None:
        row = await self._one("SELECT * FROM submissions WHERE id = ?", (submission_id,))
        return _submission(row) if row else None

    async def pending_submissions(self, platform: str, chat: str) -> list[SubmissionRow]:
        rows = await self._all(
            "SELECT * FROM submissions WHERE platform = ? AND chat = ? AND state = 'pending'"
            " ORDER BY id",
            (platform, chat),
        )
        return [_submission(r) for r in rows]

    async def review_submission(
        self, submission_id: int, state: str, by: str, now: datetime
    ) -> bool:
        """Set a submission's moderation state; False when there is no such submission."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE submissions SET state = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                (state, by, to_text(now), submission_id),
            )
        return cursor.rowcount == 1

    async def approved_melodies(self, platform: str, chat: str) -> list[tuple[MelodyRow, int]]:
        """Approved submissions of a chat with how many games used each, least used first."""
        rows = await self._all(
            "SELECT m.*, (SELECT COUNT(*) FROM game_items i WHERE i.melody_id = m.id) AS uses"
            " FROM submissions s JOIN melodies m ON m.id = s.melody_id"
            " WHERE s.platform = ? AND s.chat = ? AND s.state = 'approved'"
            " ORDER BY uses, s.id",
            (platform, chat),
        )
        return [(_melody(r), int(r["uses"])) for r in rows]

    # --- members ----------------------------------------------------------------------------

    async def remember_member(self, member: str, name: str, now: datetime) -> None:
        """Store or refresh the display name of a platform-qualified member id."""
        async with self._write() as db:
            await db.execute(
                "INSERT INTO members (id, name, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " updated_at = excluded.updated_at",
                (member, name, to_text(now)),
            )

    async def member_names(self, members: Iterable[str]) -> dict[str, str]:
        """Display names of the given member ids that have one (others are left out)."""
        wanted = sorted(set(members))
        if not wanted:
            return {}
        rows = await self._all(
            f"SELECT id, name FROM members WHERE id IN ({','.join('?' * len(wanted))})", wanted
        )
        return {row["id"]: row["name"] for row in rows}

    # --- forgetting -------------------------------------------------------------------------

    async def forget(self, member: str) -> tuple[int, int]:
        """Delete a member's votes, submissions and name; return (votes, submissions) deleted.

        A submitted melody already played in a game stays, so other members'
        votes keep their item, but loses its submitter's name.
        """
        async with self._write() as db:
            await db.execute("DELETE FROM members WHERE id = ?", (member,))
            votes = await db.execute("DELETE FROM votes WHERE voter = ?", (member,))
            melody_ids = [
                r[0]
                for r in await self._all(
                    "SELECT melody_id FROM submissions WHERE submitter = ?", (member,)
                )
            ]
            submissions = await db.execute("DELETE FROM submissions WHERE submitter = ?", (member,))
            await db.execute("UPDATE melodies SET submitter = NULL WHERE submitter = ?", (member,))
            if melody_ids:
                marks = ",".join("?" * len(melody_ids))
                await db.execute(
                    f"DELETE FROM melodies WHERE id IN ({marks})"
                    " AND id NOT IN (SELECT melody_id FROM game_items)",
                    melody_ids,
                )
        return votes.rowcount, submissions.rowcount


def _game(row: aiosqlite.Row) -> GameRow:
    return GameRow(
        id=row["id"],
        platform=row["platform"],
        chat=row["chat"],
        creator=row["creator"],
        status=row["status"],
        opened_at=from_text(row["opened_at"]),  # type: ignore[arg-type]
        closes_at=from_text(row["closes_at"]),  # type: ignore[arg-type]
        closed_at=from_text(row["closed_at"]),
        closed_by=row["closed_by"],
        message=row["message"],
        announced_at=from_text(row["announced_at"]),
    )


def _item(row: aiosqlite.Row) -> ItemRow:
    return ItemRow(
        id=row["id"],
        game_id=row["game_id"],
        position=row["position"],
        letter=row["letter"],
        melody_id=row["melody_id"],
        source=row["source"],
        params=json.loads(row["params"]),
        title=row["title"],
        collection=row["collection"],
        submitter=row["submitter"],
    )


def _vote(row: aiosqlite.Row) -> VoteRow:
    return VoteRow(
        game_id=row["game_id"],
        letter=row["letter"],
        source=row["source"],
        title=row["title"],
        voter=row["voter"],
        guess=row["guess"],
        confidence=row["confidence"],
        quality=row["quality"],
        voted_at=from_text(row["voted_at"]),  # type: ignore[arg-type]
    )


def _melody(row: aiosqlite.Row) -> MelodyRow:
    return MelodyRow(
        id=row["id"],
        source=row["source"],
        params=json.loads(row["params"]),
        seed=row["seed"],
        title=row["title"],
        collection=row["collection"],
        submitter=row["submitter"],
        midi=bytes(row["midi"]),
    )


def _submission(row: aiosqlite.Row) -> SubmissionRow:
    return SubmissionRow(
        id=row["id"],
        platform=row["platform"],
        chat=row["chat"],
        submitter=row["submitter"],
        filename=row["filename"],
        melody_id=row["melody_id"],
        state=row["state"],
        submitted_at=from_text(row["submitted_at"]),  # type: ignore[arg-type]
        reviewed_by=row["reviewed_by"],
    )
