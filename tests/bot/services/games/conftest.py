"""Fixtures of the games service tests: a real worker pool (FluidSynth, ffmpeg) per module,
and a fresh real SQLite file per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.runtime.pool import WorkerPool
from bot.store import Store


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pool() -> AsyncIterator[WorkerPool]:
    async with WorkerPool(workers=2, job_timeout=60) as pool:
        yield pool


@pytest_asyncio.fixture(loop_scope="module")
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "games.db") as store:
        yield store
