"""Fixtures for the Telegram tests: the loopback Bot API and the real bot running against it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from bot.telegram import serve
from tests.fakes.telegram_api import FakeTelegramApi

TOKEN = "123456:TEST-token-never-logged"


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi(TOKEN) as fake:
        yield fake


@contextlib.asynccontextmanager
async def running_bot(api: FakeTelegramApi, services) -> AsyncIterator[asyncio.Task]:
    """The real Application polling the fake until the block ends; then a clean stop.

    Waits for the bot's first getUpdates-era request (setMyCommands) before yielding.
    """
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(services, stop, base_url=api.base_url, base_file_url=api.base_file_url))
    waiting = asyncio.create_task(api.wait_for("deleteWebhook", count=_count(api, "deleteWebhook")))
    done, _ = await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        waiting.cancel()
        task.result()  # raises what made serve() fail
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def _count(api: FakeTelegramApi, method: str) -> int:
    """One more than the calls so far: a restarted bot must make its own."""
    return len(api.calls(method)) + 1


@pytest.fixture
def services():
    # TEMPORARY until bot.services exists.
    from types import SimpleNamespace

    from pydantic import SecretStr

    from bot.settings import Settings

    return SimpleNamespace(settings=Settings(telegram_token=SecretStr(TOKEN), _env_file=None))
