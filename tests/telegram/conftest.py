"""Fixtures for the Telegram tests: the loopback Bot API and the real bot running against it."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import pytest_asyncio
from pydantic import SecretStr

from bot.cooldown import Cooldown
from bot.pool import WorkerPool
from bot.services import Services
from bot.services.games import GameService, utc_now
from bot.services.melody import MelodyService
from bot.settings import Settings
from bot.store import Store
from bot.telegram import serve
from tests.fakes.telegram_api import FakeTelegramApi
from tests.helpers import serving

TOKEN = "123456:TEST-token-never-logged"
# Generous, so tests never trip the cooldown unless they mean to.
COOLDOWN_USES = 50


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pool() -> AsyncIterator[WorkerPool]:
    """Real worker processes with FluidSynth and the Debian GM SoundFont, one set per module."""
    async with WorkerPool(workers=2, job_timeout=60) as started:
        yield started


@pytest_asyncio.fixture(loop_scope="module")
async def store(tmp_path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "melodybot.db") as opened:
        yield opened


def make_services(store: Store, pool: WorkerPool, cooldown: Cooldown | None = None,
                  clock: Callable[[], datetime] = utc_now) -> Services:
    """The real services the launcher builds, on the given store and pool.

    `clock` is the games service's clock seam (e.g. to stand after a game's closing time).
    """
    settings = Settings(telegram_token=SecretStr(TOKEN), _env_file=None)
    return Services(settings=settings, melody=MelodyService(pool),
                    games=GameService(store, pool, clock, rng=random.Random(7)),
                    cooldown=cooldown or Cooldown(COOLDOWN_USES, 60))


@pytest_asyncio.fixture(loop_scope="module")
async def services(store, pool) -> AsyncIterator[Services]:
    built = make_services(store, pool)
    yield built
    await built.games.aclose()


@pytest_asyncio.fixture(loop_scope="module")
async def api() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi(TOKEN) as fake:
        yield fake


def running_bot(api: FakeTelegramApi,
                services: Services) -> contextlib.AbstractAsyncContextManager[asyncio.Task]:
    """The real Application polling the fake until the block ends; then a clean stop.

    The block starts once the bot has deleted the webhook, just before it polls.
    """
    return serving(
        lambda stop: serve(services, stop, base_url=api.base_url,
                           base_file_url=api.base_file_url),
        api.wait_for("deleteWebhook", count=_count(api, "deleteWebhook")))


def _count(api: FakeTelegramApi, method: str) -> int:
    """One more than the calls so far: a restarted bot must make its own."""
    return len(api.calls(method)) + 1

