"""JOB_QUEUE_URL switches the launcher's wiring to the Redis queue and shared cooldowns."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import CoolingDown
from bot.runtime.redis_queue import RedisQueueRunner
from bot.services.actor import Actor
from bot.wiring import open_services, worker_pool
from engine.params.melody import MelodyParams
from tests.bot.runtime.queue.servers import QueueWorker

pytestmark = pytest.mark.timeout(300)


async def test_melody_is_served_by_a_queue_worker_with_a_shared_cooldown(
    redis_url: str, start_worker: Callable[..., QueueWorker], tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,
        job_queue_url=redis_url,
        database_path=tmp_path / "bot.db",
        cooldown_uses=1,
    )
    await asyncio.to_thread(start_worker)
    params = MelodyParams(key="E", scale="dorian", bars=4, seed=5)
    async with worker_pool(settings) as runner, open_services(runner, settings) as services:
        assert isinstance(runner, RedisQueueRunner)
        rendered = await services.melody.compose(params, Actor("discord:7"))
        # A second bot process on the same Redis sees the member's use.
        async with open_services(runner, settings) as other_process:
            with pytest.raises(CoolingDown):
                await other_process.melody.compose(params, Actor("discord:7"))
    assert rendered.params == params
    assert rendered.mp3 and rendered.score and rendered.score[0].startswith(b"\x89PNG")
