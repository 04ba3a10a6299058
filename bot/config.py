"""Settings from the environment or `.env`, read once by the launcher (never at import time).

A leaf: it imports nothing from the project, so anything may depend on it. The defaults
that other modules share (job timeout, queue size, cooldown) are declared here once.

Tokens are `SecretStr`, so they never appear in logs or reprs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit

from pydantic import BeforeValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_JOB_TIMEOUT = 20.0  # seconds a job may run
DEFAULT_QUEUE_SIZE = 64  # jobs that may wait for a worker
DEFAULT_CACHE_ENTRIES = 256  # results kept by the content-addressed cache
DEFAULT_COOLDOWN_USES = 3  # commands a member may run within DEFAULT_COOLDOWN_SECONDS
DEFAULT_COOLDOWN_SECONDS = 30.0


def default_workers() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


# The logging module's level names; given in any case (LOG_LEVEL=debug works too).
LogLevel = Annotated[
    Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    BeforeValidator(lambda value: value.strip().upper() if isinstance(value, str) else value),
]


class Settings(BaseSettings):
    """Every setting of the bot. Environment names are the upper-case field names."""

    # Empty values (as in .env.example) mean "not set", so a copied example file starts the console.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

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
    # PostgreSQL shared by several bot processes (docs/SCALING.md); None: the SQLite file above.
    database_url: str | None = Field(None, pattern=r"^postgresql(\+asyncpg)?://")
    soundfont_path: Path | None = None
    # Room sound: the reverb send (MIDI CC 91, 0-127) of every render; None: dry, with
    # FluidSynth's reverb engine off (it costs ~7-25 % more rendering, bench/render.py).
    room_sound: int | None = Field(None, ge=0, le=127)
    out_dir: Path = Path("out")
    workers: int = Field(default_factory=default_workers, ge=1, le=64)
    job_timeout_seconds: float = Field(DEFAULT_JOB_TIMEOUT, gt=0)
    queue_size: int = Field(DEFAULT_QUEUE_SIZE, ge=1)
    cache_entries: int = Field(DEFAULT_CACHE_ENTRIES, ge=0)
    cooldown_uses: int = Field(DEFAULT_COOLDOWN_USES, ge=1)
    cooldown_seconds: float = Field(DEFAULT_COOLDOWN_SECONDS, gt=0)
    log_level: LogLevel = "INFO"
    # Scale-out (docs/SCALING.md); unset keeps the embedded defaults.
    job_queue_url: str | None = Field(None, pattern=r"^rediss?://")  # jobs go to Redis workers
    discord_shard_count: int | None = Field(None, ge=1)  # total shards of the application
    discord_shard_ids: list[int] | None = None  # this process's shards, e.g. [0,1]
    telegram_webhook_url: str | None = Field(None, pattern=r"^https?://")  # None: polling
    telegram_webhook_secret: SecretStr | None = None  # checked on every webhook request
    telegram_webhook_listen: str = "0.0.0.0"  # noqa: S104 - the webhook server is meant to be reached
    telegram_webhook_port: int = Field(8443, ge=1, le=65535)

    @property
    def has_discord(self) -> bool:
        return bool(self.discord_token and self.discord_token.get_secret_value())

    @property
    def has_telegram(self) -> bool:
        return bool(self.telegram_token and self.telegram_token.get_secret_value())

    def secrets(self) -> tuple[str, ...]:
        """The values that must never reach a log (the tokens and database password set)."""
        tokens = (self.discord_token, self.telegram_token, self.telegram_webhook_secret)
        password = urlsplit(self.database_url).password if self.database_url else None
        password = unquote(password) if password else None  # as typed; logs mask its forms
        return tuple(t.get_secret_value() for t in tokens if t and t.get_secret_value()) + (
            (password,) if password else ()
        )


class BadSetting(Exception):
    """A setting in the environment or `.env` is invalid; `str(error)` is the one-line answer."""


def load_settings() -> Settings:
    """Read the settings once (launcher or CLI); a bad value raises BadSetting in one line."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
        )
        raise BadSetting(f"bad setting in the environment or .env: {problems}") from None
