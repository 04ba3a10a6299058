"""The Redis queue's worker process (`melodybot worker`): warm FluidSynth, one job at a time.

    run_worker(settings)  # blocks until SIGINT/SIGTERM

The process loads the SoundFont once (`bot.runtime.jobs.init_worker`), then takes
compose and render jobs from Redis through arq. Jobs arrive by name from
`queue_codec.QUEUED_JOBS` with plain-data arguments, and their results go back as
plain data; an unknown name is refused. A job runs in a thread so the worker's
event loop keeps its Redis heartbeat and arq's per-job timeout. A job whose
worker dies is taken again by another worker once its in-progress mark expires
(job timeout + 10 s, arq's rule); `MAX_TRIES` = 2 means it is retried once.

Public API: `MAX_TRIES`, `QUEUE_NAME`, `worker_for`, `run_worker`.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker, func

from bot.config import Settings
from bot.errors import EXPECTED, user_message
from bot.runtime.jobs import init_worker
from bot.runtime.queue_codec import QUEUED_JOBS, decode_args, encode_rendered, pack, unpack
from engine.audio.soundfont import find_soundfont

log = logging.getLogger(__name__)

QUEUE_NAME = "melodybot:jobs"
MAX_TRIES = 2  # the first run and one retry after a worker died
KEEP_RESULT_SECONDS = 300  # a result waits this long for its bot process to read it


def _job(name: str) -> Any:
    """The arq coroutine for the queued job `name`: decode, run in a thread, encode."""

    async def run(ctx: dict[str, Any], data: list[Any]) -> dict[str, Any]:
        args = decode_args(name, data)
        try:
            rendered = await asyncio.to_thread(QUEUED_JOBS[name], *args)
        except EXPECTED as error:  # the user's problem: one line back to them
            return {"error": user_message(error)}
        return {"ok": encode_rendered(rendered)}

    return func(run, name=name)


def worker_for(settings: Settings, *, soundfont: Path | None = None, burst: bool = False) -> Worker:
    """An arq worker for `settings.job_queue_url` that renders with `soundfont` (found
    by the usual search when None); warm after its start-up hook ran."""
    if settings.job_queue_url is None:
        raise ValueError("JOB_QUEUE_URL is not set; the worker needs a redis:// URL")
    found = str(find_soundfont(soundfont or settings.soundfont_path))

    async def startup(ctx: dict[str, Any]) -> None:
        await asyncio.to_thread(init_worker, found, settings.room_sound)
        log.info("queue worker warm with SoundFont %s", found)

    return Worker(
        [_job(name) for name in QUEUED_JOBS],
        queue_name=QUEUE_NAME,
        redis_settings=RedisSettings.from_dsn(settings.job_queue_url),
        on_startup=startup,
        burst=burst,
        max_jobs=1,  # one FluidSynth, one job: start more processes for more throughput
        job_timeout=settings.job_timeout_seconds,
        keep_result=KEEP_RESULT_SECONDS,
        max_tries=MAX_TRIES,
        poll_delay=0.05,  # seconds between looks at the queue when idle
        allow_abort_jobs=True,
        job_serializer=pack,
        job_deserializer=unpack,
    )


def run_worker(settings: Settings) -> None:
    """Run one worker until it is stopped with SIGINT or SIGTERM."""
    worker_for(settings).run()
