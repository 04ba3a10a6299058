"""Melody fingerprints: hashed runs of (interval, duration ratio) steps, by melody."""

from __future__ import annotations

from collections.abc import Collection

from bot.store.db import Database


class FingerprintRepository:
    """Fingerprints of stored melodies, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, melody_id: int, grams: Collection[int]) -> None:
        """Store the fingerprint (a set of 64-bit run hashes) of a stored melody."""
        async with self._db.write() as db:
            await db.executemany(
                "INSERT INTO melody_fingerprints (melody_id, gram) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(melody_id, gram) for gram in grams],
            )

    async def best_match(
        self, grams: Collection[int], exclude: int | None = None
    ) -> tuple[int, str, int] | None:
        """The stored melody sharing most runs with `grams`: (melody id, source, shared runs).

        `exclude` leaves one melody out (the submission being checked). None when no
        stored melody shares a run.
        """
        if not grams:
            return None
        marks = ",".join("?" * len(grams))
        sql = (
            "SELECT f.melody_id, m.source, COUNT(*) AS shared FROM melody_fingerprints f"  # noqa: S608 — constant SQL text; values are bound parameters
            " JOIN melodies m ON m.id = f.melody_id"
            # Ids start at 1, so 0 excludes nothing (and binds on both databases).
            f" WHERE f.gram IN ({marks}) AND f.melody_id <> COALESCE(?, 0)"
            " GROUP BY f.melody_id, m.source ORDER BY shared DESC, f.melody_id LIMIT 1"
        )
        row = await self._db.one(sql, [*grams, exclude])
        return (int(row["melody_id"]), str(row["source"]), int(row["shared"])) if row else None
