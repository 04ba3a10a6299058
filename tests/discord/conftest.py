"""Fixtures for the Discord tests: the loopback Discord and the real bot running against it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from bot.discord import serve
from tests.fakes.discord_api import FakeDiscord

TOKEN = "MTAwMA.fake.discord-token-never-logged"


@pytest.fixture
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A fake Discord on 127.0.0.1 with discord.py's REST and Gateway URLs pointed at it."""
    async with FakeDiscord() as fake:
        fake.point_discord_py_here(monkeypatch)
        yield fake


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, services) -> AsyncIterator[asyncio.Task]:
    """The real bot connected to the fake until the block ends; then a clean stop."""
    stop = asyncio.Event()
    task = asyncio.create_task(serve(services, stop))
    ready = asyncio.create_task(fake.wait_ready(timeout=60))
    done, _ = await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        task.result()  # raises what made serve() fail
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
