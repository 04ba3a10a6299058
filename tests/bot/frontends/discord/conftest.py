"""Fixtures for the Discord tests: the loopback Discord and the real bot running against it.

The worker pool (real FluidSynth and ffmpeg) takes seconds to start, so one pool serves a
whole test module: its fixtures and tests share the module's event loop
(`pytestmark = pytest.mark.asyncio(loop_scope="module")` in each module).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from pydantic import SecretStr

from bot.config import Settings
from bot.frontends.discord import serve
from bot.runtime.pool import WorkerPool
from bot.services import Services
from bot.services.games.service import utc_now
from bot.wiring import open_services
from tests.fakes.discord_api import FakeDiscord
from tests.support.helpers import serving

TOKEN = "MTAwMA.fake.discord-token-never-logged"


@pytest_asyncio.fixture(loop_scope="module")
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A fake Discord on 127.0.0.1 with discord.py's REST and Gateway URLs pointed at it."""
    async with FakeDiscord() as fake:
        fake.point_discord_py_here(monkeypatch)
        yield fake


def running_bot(
    fake: FakeDiscord, services: Services
) -> contextlib.AbstractAsyncContextManager[asyncio.Task]:
    """The real bot connected to the fake until the block ends; then a clean stop."""
    return serving(lambda stop: serve(services, stop), fake.wait_ready(timeout=60))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def pool() -> AsyncIterator[WorkerPool]:
    async with WorkerPool(2, None, job_timeout=60, queue_size=64, cache_entries=64) as pool:
        yield pool


@pytest_asyncio.fixture(loop_scope="module")
async def services(pool: WorkerPool, tmp_path: Path) -> AsyncIterator[Services]:
    """Real services: the shared pool, a real SQLite file, the default cooldown."""
    async with running_services(pool, tmp_path / "melodybot.db") as services:
        yield services


@contextlib.asynccontextmanager
async def running_services(
    pool: WorkerPool, database: Path, *, clock: Callable[[], datetime] = utc_now, **settings: Any
) -> AsyncIterator[Services]:
    """The launcher's wiring (see bot/__main__.py) around a shared pool and a SQLite file.

    Entering it again on the same file is what the bot sees after a restart
    (timers of open games re-armed).
    """
    config = Settings(
        discord_token=SecretStr(TOKEN),
        _env_file=None,
        workers=pool.workers,
        database_path=database,
        **settings,
    )
    async with open_services(pool, config, clock=clock) as services:
        yield services
