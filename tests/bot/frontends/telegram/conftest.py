"""Fixtures for the Telegram tests: the loopback Bot API and the real bot running against it."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest_asyncio
from pydantic import SecretStr

from bot.config import Settings
from bot.frontends.telegram import serve
from bot.runtime.pool import WorkerPool
from bot.services import Services
from bot.services.games.service import utc_now
from bot.store import Store
from bot.wiring import open_services
from tests.fakes.telegram_api import FakeTelegramApi
from tests.support.helpers import serving

TOKEN = "123456:TEST-token-never-logged"
# Generous, so tests never trip the cooldown unless they mean to.
COOLDOWN_USES = 50
COOLDOWN_SECONDS = 60


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pool() -> AsyncIterator[WorkerPool]:
    """Real worker processes with FluidSynth and the Debian GM SoundFont, one set per module."""
    async with WorkerPool(workers=2, job_timeout=60) as started:
        yield started


@contextlib.asynccontextmanager
async def running_services(
    pool: WorkerPool, database: Path, *, clock: Callable[[], datetime] = utc_now, **settings: Any
) -> AsyncIterator[Services]:
    """The launcher's wiring (`bot.wiring.open_services`) around a shared pool and a SQLite file.

    Entering it again on the same file is what the bot sees after a restart (timers of
    open games re-armed). `clock` is the games service's clock seam (e.g. to stand after
    a game's closing time); `settings` override the test settings (e.g. `cooldown_uses`).
    """
    config = Settings(
        **{
            "telegram_token": SecretStr(TOKEN),
            "_env_file": None,
            "workers": pool.workers,
            "database_path": database,
            "cooldown_uses": COOLDOWN_USES,
            "cooldown_seconds": COOLDOWN_SECONDS,
            **settings,
        }
    )
    async with open_services(pool, config, clock=clock, rng=random.Random(7)) as services:
        yield services


@pytest_asyncio.fixture(loop_scope="module")
async def services(pool: WorkerPool, tmp_path: Path) -> AsyncIterator[Services]:
    """Real services: the shared pool, a real SQLite file in `tmp_path`."""
    async with running_services(pool, tmp_path / "melodybot.db") as built:
        yield built


@pytest_asyncio.fixture(loop_scope="module")
async def store(services: Services) -> Store:
    """The services' own database, for checking what was stored."""
    return services.games.store


@pytest_asyncio.fixture(loop_scope="module")
async def api() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi(TOKEN) as fake:
        yield fake


def running_bot(
    api: FakeTelegramApi, services: Services
) -> contextlib.AbstractAsyncContextManager[asyncio.Task]:
    """The real Application polling the fake until the block ends; then a clean stop.

    The block starts once the bot has deleted the webhook, just before it polls.
    """
    return serving(
        lambda stop: serve(services, stop, base_url=api.base_url, base_file_url=api.base_file_url),
        api.wait_for("deleteWebhook", count=_count(api, "deleteWebhook")),
    )


def _count(api: FakeTelegramApi, method: str) -> int:
    """One more than the calls so far: a restarted bot must make its own."""
    return len(api.calls(method)) + 1
