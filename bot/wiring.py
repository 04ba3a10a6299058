"""The launcher's wiring, in one place: the worker pool and the services built around it.

    async with worker_pool(settings) as pool, open_services(pool, settings) as services:
        await serve(services, stop)

`python -m bot`, the load benches and the front-end tests all build their services
this way, so they run what the bot runs. The pool is passed in, not opened here,
because it takes seconds to start and tests share one across many services.

Public API: `worker_pool`, `open_services`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import random
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from bot.config import Settings
from bot.runtime.jobs import init_worker
from bot.runtime.pool import WorkerPool
from bot.runtime.redis_queue import RedisQueueRunner
from bot.runtime.runner import JobRunner
from bot.services import Services
from bot.services.cooldown import Cooldown
from bot.services.games.service import GameService, utc_now
from bot.services.melody import MelodyService
from bot.services.shared_cooldown import SharedCooldown
from bot.store import Store

log = logging.getLogger(__name__)


def worker_pool(settings: Settings) -> WorkerPool | RedisQueueRunner:
    """The job runner the settings describe, not started yet (use `async with`): the
    Redis queue when JOB_QUEUE_URL is set, else the local pool."""
    if settings.job_queue_url:
        return RedisQueueRunner(
            settings.job_queue_url, settings.job_timeout_seconds, settings.queue_size
        )
    return WorkerPool(
        settings.workers,
        settings.soundfont_path,
        settings.job_timeout_seconds,
        settings.queue_size,
        settings.cache_entries,
        initializer=functools.partial(init_worker, room_sound=settings.room_sound),
    )


@contextlib.asynccontextmanager
async def open_services(
    pool: JobRunner,
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    rng: random.Random | None = None,
) -> AsyncIterator[Services]:
    """Services on `pool` and the database at `settings.database_path`, timers re-armed.

    Entering it again on the same database is what the bot does after a restart: open
    games get their timers back (a game whose time passed closes at once). On exit the
    timers stop and the database closes; open games stay open in it. `clock` (aware UTC)
    and `rng` are the games service's seams.
    """
    async with Store(settings.database_url or settings.database_path) as store:
        # One cooldown for every costly request (compose, start a game, submit a tune).
        cooldown = (  # shared by every bot process when they share a Redis
            SharedCooldown(
                settings.job_queue_url, settings.cooldown_uses, settings.cooldown_seconds
            )
            if settings.job_queue_url
            else Cooldown(settings.cooldown_uses, settings.cooldown_seconds)
        )
        games = GameService(store, pool, cooldown, clock, rng=rng)
        try:
            rearmed = await games.rearm()
            if rearmed:
                log.info("re-armed the timers of %d open game(s)", rearmed)
            yield Services(
                settings=settings,
                melody=MelodyService(pool, cooldown, store),
                games=games,
            )
        finally:
            await games.aclose()
