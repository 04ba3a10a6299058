"""Per-chat secrets: the keys of the pseudonyms in a chat's exports."""

from __future__ import annotations

import secrets

from bot.store.db import Database

SECRET_BYTES = 32


class ChatSecretRepository:
    """One random secret per chat, created on first use, on the shared `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def of_chat(self, platform: str, chat: str) -> bytes:
        """The chat's secret; the first call for a chat creates it (later ones read the same)."""
        async with self._db.write() as db:
            # DO NOTHING: of two concurrent first calls, one secret wins and both read it.
            await db.execute(
                "INSERT INTO chat_secrets (platform, chat, secret) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (platform, chat, secrets.token_bytes(SECRET_BYTES)),
            )
        row = await self._db.one(
            "SELECT secret FROM chat_secrets WHERE platform = ? AND chat = ?", (platform, chat)
        )
        if row is None:  # the row was just written; only a concurrent delete could do this
            raise LookupError(f"no secret for chat {platform}:{chat}")
        return bytes(row["secret"])
