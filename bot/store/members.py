"""Members: display names, and forgetting a member on request."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.store.db import Database, to_text


class MemberRepository:
    """Members, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def remember(self, member: str, name: str, now: datetime) -> None:
        """Store or refresh the display name of a platform-qualified member id."""
        async with self._db.write() as db:
            await db.execute(
                "INSERT INTO members (id, name, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " updated_at = excluded.updated_at",
                (member, name, to_text(now)),
            )

    async def names(self, members: Iterable[str]) -> dict[str, str]:
        """Display names of the given member ids that have one (others are left out)."""
        wanted = sorted(set(members))
        if not wanted:
            return {}
        rows = await self._db.all(
            # Only placeholders are joined into the text; the ids are bound parameters.
            f"SELECT id, name FROM members WHERE id IN ({','.join('?' * len(wanted))})",  # noqa: S608
            wanted,
        )
        return {row["id"]: row["name"] for row in rows}

    async def forget(self, member: str) -> tuple[int, int]:
        """Delete a member's votes, submissions, profile and name; return (votes, submissions).

        A submitted melody already played in a game stays, so other members'
        votes keep their item, but loses its submitter's name.
        """
        async with self._db.write() as db:
            await db.execute("DELETE FROM members WHERE id = ?", (member,))
            await db.execute("DELETE FROM member_profiles WHERE member = ?", (member,))
            votes = await db.execute("DELETE FROM votes WHERE voter = ?", (member,))
            melody_ids = [
                r["melody_id"]
                for r in await db.all(
                    "SELECT melody_id FROM submissions WHERE submitter = ?", (member,)
                )
            ]
            submissions = await db.execute("DELETE FROM submissions WHERE submitter = ?", (member,))
            await db.execute("UPDATE melodies SET submitter = NULL WHERE submitter = ?", (member,))
            if melody_ids:
                marks = ",".join("?" * len(melody_ids))
                await db.execute(
                    f"DELETE FROM melodies WHERE id IN ({marks})"  # noqa: S608 — constant SQL text; values are bound parameters
                    " AND id NOT IN (SELECT melody_id FROM game_items)",
                    melody_ids,
                )
        return votes.rowcount, submissions.rowcount
