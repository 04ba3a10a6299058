"""Votes: one per member and item, committed before the member is told."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database, to_text
from bot.store.mappers import vote_row
from bot.store.records import VoteRow

_VOTE_COLUMNS = (
    "i.game_id, i.letter, m.source, m.title, v.voter, v.guess, v.confidence, v.quality, v.voted_at"
)


class VoteRepository:
    """Votes, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
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
        async with self._db.write() as db:
            earlier = await self._db.one(
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

    async def of_game(self, game_id: int) -> list[VoteRow]:
        rows = await self._db.all(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = i.melody_id WHERE i.game_id = ?"
            " ORDER BY i.position, v.voted_at, v.voter",
            (game_id,),
        )
        return [vote_row(r) for r in rows]

    async def of_chat(self, platform: str, chat: str) -> list[VoteRow]:
        """Votes of every closed game of a chat (open games stay secret until they close)."""
        rows = await self._db.all(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = i.melody_id JOIN games g ON g.id = i.game_id"
            " WHERE g.platform = ? AND g.chat = ? AND g.status = 'closed'"
            " ORDER BY g.id, i.position, v.voted_at, v.voter",
            (platform, chat),
        )
        return [vote_row(r) for r in rows]

    async def of_member(self, game_id: int, letter: str, voter: str) -> VoteRow | None:
        """A member's stored vote on one item of a game, or None."""
        row = await self._db.one(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = i.melody_id"
            " WHERE i.game_id = ? AND i.letter = ? AND v.voter = ?",
            (game_id, letter, voter),
        )
        return vote_row(row) if row else None

    async def voter_count(self, game_id: int) -> int:
        """How many different members have voted in a game."""
        row = await self._db.one(
            "SELECT COUNT(DISTINCT v.voter) FROM votes v JOIN game_items i ON i.id = v.item_id"
            " WHERE i.game_id = ?",
            (game_id,),
        )
        return int(row[0]) if row else 0

    async def count(self, game_id: int) -> int:
        row = await self._db.one(
            "SELECT COUNT(*) FROM votes v JOIN game_items i ON i.id = v.item_id"
            " WHERE i.game_id = ?",
            (game_id,),
        )
        return int(row[0]) if row else 0
