"""Settings from the environment or `.env`, read once by the launcher (never at import time).

Tokens are `SecretStr`, so they never appear in logs or reprs.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of the bot. Environment names are the upper-case field names."""

    # Empty values (as in .env.example) mean "not set", so a copied example file starts the console.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      env_ignore_empty=True)

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    telegram_token: SecretStr | None = None
    # Other servers for the chat APIs (a local Bot API server, or the tests' loopback fakes);
    # None means the platform's own.
    discord_api_base: str | None = None  # REST root, e.g. http://127.0.0.1:8000/api/v10
    discord_gateway_url: str | None = None  # e.g. ws://127.0.0.1:8000/gateway
    telegram_base_url: str | None = None  # e.g. http://127.0.0.1:8001/bot
    telegram_base_file_url: str | None = None  # e.g. http://127.0.0.1:8001/file/bot
    database_path: Path = Path("data/melodybot.db")
    soundfont_path: Path | None = None
    out_dir: Path = Path("out")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64)
    job_timeout_seconds: float = Field(20.0, gt=0)
    queue_size: int = Field(64, ge=1)
    cache_entries: int = Field(256, ge=0)
    cooldown_uses: int = Field(3, ge=1)
    cooldown_seconds: float = Field(30.0, gt=0)
    log_level: str = "INFO"

    @property
    def has_discord(self) -> bool:
        return bool(self.discord_token and self.discord_token.get_secret_value())

    @property
    def has_telegram(self) -> bool:
        return bool(self.telegram_token and self.telegram_token.get_secret_value())
