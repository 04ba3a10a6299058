"""Member submissions and their moderation."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database, to_text
from bot.store.mappers import melody_row, submission_row
from bot.store.records import MelodyRow, SubmissionRow


class SubmissionRepository:
    """Member submissions and their moderation, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        *,
        platform: str,
        chat: str,
        submitter: str,
        filename: str | None,
        melody_id: int,
        now: datetime,
    ) -> int:
        async with self._db.write() as db:
            cursor = await db.execute(
                "INSERT INTO submissions (platform, chat, submitter, filename, melody_id,"
                " submitted_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (platform, chat, submitter, filename, melody_id, to_text(now)),
            )
        return int(cursor.scalar_one())

    async def get(self, submission_id: int) -> SubmissionRow | None:
        row = await self._db.one("SELECT * FROM submissions WHERE id = ?", (submission_id,))
        return submission_row(row) if row else None

    async def pending(self, platform: str, chat: str) -> list[SubmissionRow]:
        rows = await self._db.all(
            "SELECT * FROM submissions WHERE platform = ? AND chat = ? AND state = 'pending'"
            " ORDER BY id",
            (platform, chat),
        )
        return [submission_row(r) for r in rows]

    async def review(self, submission_id: int, state: str, by: str, now: datetime) -> bool:
        """Set a submission's moderation state; False when there is no such submission."""
        async with self._db.write() as db:
            cursor = await db.execute(
                "UPDATE submissions SET state = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                (state, by, to_text(now), submission_id),
            )
        return cursor.rowcount == 1

    async def approved_melodies(self, platform: str, chat: str) -> list[tuple[MelodyRow, int]]:
        """Approved submissions of a chat with how many games used each, least used first."""
        rows = await self._db.all(
            "SELECT m.*, (SELECT COUNT(*) FROM game_items i WHERE i.melody_id = m.id) AS uses"
            " FROM submissions s JOIN melodies m ON m.id = s.melody_id"
            " WHERE s.platform = ? AND s.chat = ? AND s.state = 'approved'"
            " ORDER BY uses, s.id",
            (platform, chat),
        )
        return [(melody_row(r), int(r["uses"])) for r in rows]
