"""Votes: one per member and item, committed before the member is told."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database, to_text
from bot.store.mappers import vote_row
from bot.store.records import VoteRow

_VOTE_COLUMNS = (
    "i.game_id, i.letter, m.source, m.title, v.voter, v.guess, v.confidence, v.quality,"
    " v.voted_at, v.shown_position, v.first_vote_seconds, v.changes"
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
        shown_position: int | None = None,
        posted_at: datetime | None = None,
    ) -> bool:
        """Store a vote, replacing the voter's earlier one on that item; committed on return.

        A first vote keeps `shown_position` (where the item was shown, 1 = first) and
        the seconds from `posted_at` (when the game was posted) to `now`; a replacing
        vote that differs from the earlier one counts one change. Returns True when an
        earlier vote was replaced.
        """
        # A clock step backwards must not store a negative time.
        seconds = max(0.0, (now - posted_at).total_seconds()) if posted_at else None
        async with self._db.write() as db:
            # Insert-or-update in two statements that need no earlier read, so two bot
            # processes taking the same member's first vote at once cannot both insert.
            first = await db.rows(
                "INSERT INTO votes (item_id, voter, guess, confidence, quality, voted_at,"
                " shown_position, first_vote_seconds, changes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)"
                " ON CONFLICT (item_id, voter) DO NOTHING RETURNING id",
                (item_id, voter, guess, confidence, quality, to_text(now), shown_position, seconds),
            )
            if first:
                return False
            # Ratings are 1-5, so 0 stands for "none" in the comparison (NULL-safe on both).
            await db.rows(
                "UPDATE votes SET changes = changes + CASE WHEN guess = ?"
                " AND COALESCE(confidence, 0) = COALESCE(?, 0)"
                " AND COALESCE(quality, 0) = COALESCE(?, 0) THEN 0 ELSE 1 END,"
                " guess = ?, confidence = ?, quality = ?, voted_at = ?"
                " WHERE item_id = ? AND voter = ?",
                (
                    guess,
                    confidence,
                    quality,
                    guess,
                    confidence,
                    quality,
                    to_text(now),
                    item_id,
                    voter,
                ),
            )
        return True

    async def of_game(self, game_id: int) -> list[VoteRow]:
        rows = await self._db.rows(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = i.melody_id WHERE i.game_id = ?"
            " ORDER BY i.position, v.voted_at, v.voter",
            (game_id,),
        )
        return [vote_row(r) for r in rows]

    async def of_chat(self, platform: str, chat: str) -> list[VoteRow]:
        """Votes of every closed game of a chat (open games stay secret until they close)."""
        rows = await self._db.rows(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = i.melody_id JOIN games g ON g.id = i.game_id"
            " WHERE g.platform = ? AND g.chat = ? AND g.status = 'closed'"
            " ORDER BY g.id, i.position, v.voted_at, v.voter",
            (platform, chat),
        )
        return [vote_row(r) for r in rows]

    async def of_member(self, game_id: int, letter: str, voter: str) -> VoteRow | None:
        """A member's stored vote on one item of a game, or None."""
        rows = await self._db.rows(
            f"SELECT {_VOTE_COLUMNS} FROM votes v JOIN game_items i ON i.id = v.item_id"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = i.melody_id"
            " WHERE i.game_id = ? AND i.letter = ? AND v.voter = ?",
            (game_id, letter, voter),
        )
        return vote_row(rows[0]) if rows else None

    async def judged_in_chat(
        self, platform: str, chat: str
    ) -> list[tuple[int, str, str, str, int | None, int | None]]:
        """(game, voter, truth, guess, confidence, quality) of every vote of the chat's closed
        games: what the statistics need, without the rest of a VoteRow (100,000 for a study)."""
        rows = await self._db.rows(
            "SELECT i.game_id, v.voter, m.source, v.guess, v.confidence, v.quality"
            " FROM votes v JOIN game_items i ON i.id = v.item_id"
            " JOIN melodies m ON m.id = i.melody_id JOIN games g ON g.id = i.game_id"
            " WHERE g.platform = ? AND g.chat = ? AND g.status = 'closed'"
            " ORDER BY g.id, i.position, v.voted_at, v.voter",
            (platform, chat),
        )
        return [
            (game, voter, truth, guess, conf, qual)
            for game, voter, truth, guess, conf, qual in rows
        ]

    async def voter_count(self, game_id: int) -> int:
        """How many different members have voted in a game."""
        row = await self._db.one(
            "SELECT COUNT(DISTINCT v.voter) AS n FROM votes v JOIN game_items i ON i.id = v.item_id"
            " WHERE i.game_id = ?",
            (game_id,),
        )
        return int(row["n"]) if row else 0

    async def count(self, game_id: int) -> int:
        row = await self._db.one(
            "SELECT COUNT(*) AS n FROM votes v JOIN game_items i ON i.id = v.item_id"
            " WHERE i.game_id = ?",
            (game_id,),
        )
        return int(row["n"]) if row else 0
