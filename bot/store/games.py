"""Games and their items: opening, closing (exactly once), announcing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.store.db import Database, GameAlreadyOpen, to_text
from bot.store.mappers import game_row, item_row
from bot.store.records import GameRow, ItemRow

# The unique index behind GameAlreadyOpen, as SQLite and PostgreSQL name it in errors.
_ONE_OPEN_PER_CHAT = ("UNIQUE constraint failed: games.", '"games_one_open_per_chat"')
_ITEM_COLUMNS = (
    "i.id, i.game_id, i.position, i.letter, i.melody_id, "
    "m.source, m.params, m.title, m.collection, m.submitter, m.authorship, m.authorship_source"
)


class GameRepository:
    """Games and their items, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
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
            async with self._db.write() as db:
                cursor = await db.execute(
                    "INSERT INTO games (platform, chat, creator, opened_at, closes_at)"
                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (platform, chat, creator, to_text(opened_at), to_text(closes_at)),
                )
                game_id = int(cursor.scalar_one())
                await db.executemany(
                    "INSERT INTO game_items (game_id, position, letter, melody_id)"
                    " VALUES (?, ?, ?, ?)",
                    [
                        (game_id, position, letter, melody_id)
                        for position, (letter, melody_id) in enumerate(items)
                    ],
                )
        except IntegrityError as error:  # rolled back by write()
            if any(name in str(error.orig) for name in _ONE_OPEN_PER_CHAT):
                raise GameAlreadyOpen(platform, chat) from error
            raise
        return game_id

    async def get(self, game_id: int) -> GameRow | None:
        row = await self._db.one("SELECT * FROM games WHERE id = ?", (game_id,))
        return game_row(row) if row else None

    async def open_in(self, platform: str, chat: str) -> GameRow | None:
        row = await self._db.one(
            "SELECT * FROM games WHERE platform = ? AND chat = ? AND status = 'open'",
            (platform, chat),
        )
        return game_row(row) if row else None

    async def latest(
        self, platform: str, chat: str, *, closed_only: bool = False
    ) -> GameRow | None:
        """The chat's most recent game (or most recent closed one)."""
        row = await self._db.one(
            "SELECT * FROM games WHERE platform = ? AND chat = ?"
            " AND (status = 'closed' OR NOT ?) ORDER BY id DESC LIMIT 1",
            (platform, chat, closed_only),
        )
        return game_row(row) if row else None

    async def open_all(self) -> list[GameRow]:
        """Every open game on every platform, soonest closing first (for re-arming timers)."""
        rows = await self._db.all(
            "SELECT * FROM games WHERE status = 'open' ORDER BY closes_at, id"
        )
        return [game_row(r) for r in rows]

    async def close(self, game_id: int, by: str, now: datetime, *, announced: bool = True) -> bool:
        """Claim the close of an open game; False when it was already closed.

        One statement claims it, so of several closers (a member, this process's timer,
        another bot process's timer on the same database) exactly one gets True and
        reveals. `announced=False` (a close by the timer) leaves the reveal to be posted
        by the front end, which then calls `mark_announced`.
        """
        async with self._db.write() as db:
            claimed = await db.execute(
                "UPDATE games SET status = 'closed', closed_at = ?, closed_by = ?,"
                " announced_at = ? WHERE id = ? AND status = 'open' AND closed_at IS NULL"
                " RETURNING id",
                (to_text(now), by, to_text(now) if announced else None, game_id),
            )
            return claimed.first() is not None

    async def mark_announced(self, game_id: int, now: datetime) -> None:
        """Record that a closed game's reveal has been posted."""
        async with self._db.write() as db:
            await db.execute(
                "UPDATE games SET announced_at = ? WHERE id = ?", (to_text(now), game_id)
            )

    async def mark_undeliverable(self, game_id: int, now: datetime) -> None:
        """Record that the platform kept refusing a closed game's reveal: stop trying."""
        async with self._db.write() as db:
            await db.execute(
                "UPDATE games SET undeliverable_at = ? WHERE id = ?", (to_text(now), game_id)
            )

    async def unannounced(self, platform: str) -> list[GameRow]:
        """Closed games of a platform whose reveal was never posted nor given up, oldest first."""
        rows = await self._db.all(
            "SELECT * FROM games WHERE platform = ? AND status = 'closed'"
            " AND announced_at IS NULL AND undeliverable_at IS NULL ORDER BY id",
            (platform,),
        )
        return [game_row(r) for r in rows]

    async def items(self, game_id: int) -> list[ItemRow]:
        rows = await self._db.all(
            f"SELECT {_ITEM_COLUMNS} FROM game_items i JOIN melodies m ON m.id = i.melody_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " WHERE i.game_id = ? ORDER BY i.position",
            (game_id,),
        )
        return [item_row(r) for r in rows]

    async def items_of_closed(self, platform: str, chat: str) -> list[ItemRow]:
        """The items of every closed game of a chat, by game and position (one query)."""
        rows = await self._db.all(
            f"SELECT {_ITEM_COLUMNS} FROM game_items i JOIN melodies m ON m.id = i.melody_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN games g ON g.id = i.game_id"
            " WHERE g.platform = ? AND g.chat = ? AND g.status = 'closed'"
            " ORDER BY i.game_id, i.position",
            (platform, chat),
        )
        return [item_row(r) for r in rows]

    async def set_message(self, game_id: int, message: str) -> None:
        """Record where a game's message was posted (platform-specific text)."""
        async with self._db.write() as db:
            await db.execute("UPDATE games SET message = ? WHERE id = ?", (message, game_id))
