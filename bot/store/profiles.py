"""Members' profiles: the optional one-time question of a study (`/guess profile`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.store.db import Database, to_text
from bot.store.mappers import profile_row
from bot.store.records import ProfileRow


class ProfileRepository:
    """Members' stated experience and role, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(
        self, member: str, *, experience: str, role: str, now: datetime
    ) -> ProfileRow | None:
        """Store a member's profile; return the one it replaced (None for a first answer)."""
        async with self._db.write() as db:
            earlier = await db.one("SELECT * FROM member_profiles WHERE member = ?", (member,))
            await db.execute(
                "INSERT INTO member_profiles (member, experience, role, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (member) DO UPDATE SET"
                " experience = excluded.experience, role = excluded.role,"
                " updated_at = excluded.updated_at",
                (member, experience, role, to_text(now)),
            )
        return profile_row(earlier) if earlier else None

    async def get(self, member: str) -> ProfileRow | None:
        row = await self._db.one("SELECT * FROM member_profiles WHERE member = ?", (member,))
        return profile_row(row) if row else None

    async def of_members(self, members: Iterable[str]) -> dict[str, ProfileRow]:
        """Profiles of the given members that answered (others are left out)."""
        wanted = sorted(set(members))
        found: dict[str, ProfileRow] = {}
        # In slices, so a chat of thousands of voters stays under SQLite's 999 parameters.
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            rows = await self._db.all(
                # Only placeholders are joined into the text; the ids are bound parameters.
                "SELECT * FROM member_profiles WHERE member IN"  # noqa: S608
                f" ({','.join('?' * len(part))})",
                part,
            )
            found.update((row["member"], profile_row(row)) for row in rows)
        return found
