"""Games and their items: opening, closing (exactly once), announcing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bot.store.db import Database, GameAlreadyOpen, from_text, to_text
from bot.store.mappers import game_row, item_row
from bot.store.records import GameRow, ItemRow

# The unique index behind GameAlreadyOpen, as SQLite and PostgreSQL name it in errors.
_ONE_OPEN_PER_CHAT = ("UNIQUE constraint failed: games.", '"games_one_open_per_chat"')
_ITEM_COLUMNS = (
    "i.id, i.game_id, i.position, i.letter, i.melody_id, "
    "m.source, m.params, m.title, m.collection, m.submitter, m.authorship, m.authorship_source, "
    "i.measures"
)


@dataclass(frozen=True, slots=True)
class AnnouncementClaim:
    """The answer to `claim_announcement`: claimed, or held by another until `held_until`
    (None with `claimed=False`: nothing left to post: announced, given up, or not closed)."""

    claimed: bool
    held_until: datetime | None = None


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
        measures: Sequence[dict[str, float] | None] | None = None,
    ) -> int:
        """Open a game with (letter, melody id) items in order, in one transaction.

        `measures`: each item's knob measures as posted (in the items' order), kept for
        a study's items.csv.

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
                measured = [None if m is None else json.dumps(m) for m in measures or ()]
                measured += [None] * (len(items) - len(measured))
                await db.executemany(
                    "INSERT INTO game_items (game_id, position, letter, melody_id, measures)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (game_id, position, letter, melody_id, measured[position])
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

    async def claim_announcement(
        self, game_id: int, owner: str, now: datetime, lease: timedelta
    ) -> AnnouncementClaim:
        """Claim the posting of a closed game's reveal for `owner` until `now + lease`.

        One statement claims it, so of several bot processes on one database exactly
        one posts a reveal at a time. The claim lapses after `lease`: a process that
        died mid-post leaves the reveal to whoever claims it next (posted late, maybe
        twice if it had reached the platform, but never lost). `owner` may renew its
        own claim (a retry after a refused post).
        """
        async with self._db.write() as db:
            claimed = await db.execute(
                "UPDATE games SET announce_claim = ?, announce_claim_until = ?"
                " WHERE id = ? AND status = 'closed' AND announced_at IS NULL"
                " AND undeliverable_at IS NULL AND (announce_claim IS NULL"
                " OR announce_claim = ? OR announce_claim_until <= ?) RETURNING id",
                (owner, to_text(now + lease), game_id, owner, to_text(now)),
            )
            if claimed.first() is not None:
                return AnnouncementClaim(claimed=True)
            held = await db.one(
                "SELECT announce_claim_until FROM games WHERE id = ? AND status = 'closed'"
                " AND announced_at IS NULL AND undeliverable_at IS NULL",
                (game_id,),
            )
        return AnnouncementClaim(
            claimed=False, held_until=from_text(held["announce_claim_until"]) if held else None
        )

    async def release_announcement(self, game_id: int, owner: str) -> None:
        """Give up `owner`'s claim on posting a reveal (a shutdown cut the post off)."""
        async with self._db.write() as db:
            await db.execute(
                "UPDATE games SET announce_claim = NULL, announce_claim_until = NULL"
                " WHERE id = ? AND announce_claim = ?",
                (game_id, owner),
            )

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
