"""Melodies: every composed or human melody, its MIDI and provenance."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.store.db import Database, to_text
from bot.store.mappers import melody_row
from bot.store.records import MelodyRow


class MelodyRepository:
    """Melodies, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        *,
        source: str,
        params: dict[str, Any],
        midi: bytes,
        now: datetime,
        seed: int | None = None,
        title: str | None = None,
        collection: str | None = None,
        submitter: str | None = None,
        authorship: str | None = None,
        authorship_source: str | None = None,
    ) -> int:
        """Store a melody; return its id.

        `authorship` is a submitter's statement, 'own' or 'public_domain' (with
        `authorship_source`, where it comes from); None for AI and bundled melodies.
        """
        async with self._db.write() as db:
            cursor = await db.execute(
                "INSERT INTO melodies (source, params, seed, title, collection, submitter, midi,"
                " created_at, authorship, authorship_source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    source,
                    json.dumps(params, sort_keys=True),
                    seed,
                    title,
                    collection,
                    submitter,
                    midi,
                    to_text(now),
                    authorship,
                    authorship_source,
                ),
            )
        return int(cursor.scalar_one())

    async def get(self, melody_id: int) -> MelodyRow | None:
        row = await self._db.one("SELECT * FROM melodies WHERE id = ?", (melody_id,))
        return melody_row(row) if row else None
