"""Per-chat game settings (`/guess settings`): defaults, who may start, submissions, minimums."""

from __future__ import annotations

from bot.store.db import Database, to_text
from bot.store.mappers import chat_settings_row
from bot.store.records import ChatSettingsRow


class ChatSettingsRepository:
    """One row of settings per chat, on the shared `Database`; no row: the defaults."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, platform: str, chat: str) -> ChatSettingsRow | None:
        row = await self._db.one(
            "SELECT * FROM chat_settings WHERE platform = ? AND chat = ?", (platform, chat)
        )
        return chat_settings_row(row) if row else None

    async def put(self, settings: ChatSettingsRow) -> None:
        """Store a chat's whole settings row (replacing the earlier one); committed on return."""
        async with self._db.write() as db:
            await db.execute(
                "INSERT INTO chat_settings (platform, chat, default_items, default_minutes,"
                " starters, submissions, min_experience, min_role, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat) DO UPDATE"
                " SET default_items = excluded.default_items,"
                " default_minutes = excluded.default_minutes, starters = excluded.starters,"
                " submissions = excluded.submissions, min_experience = excluded.min_experience,"
                " min_role = excluded.min_role, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                (
                    settings.platform,
                    settings.chat,
                    settings.default_items,
                    settings.default_minutes,
                    settings.starters,
                    int(settings.submissions_allowed),
                    settings.min_experience,
                    settings.min_role,
                    settings.updated_by,
                    to_text(settings.updated_at),
                ),
            )
