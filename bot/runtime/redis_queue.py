"""The Redis job queue, bot side: a `JobRunner` whose jobs run in `melodybot worker` processes.

    async with RedisQueueRunner(settings.job_queue_url) as runner:
        rendered = await runner.submit(compose_job, params, on_position=print)

Compose and render jobs travel to Redis by name with plain-data arguments
(`queue_codec`); any other job (parsing an upload, a chart) runs here in a
thread, as `InProcessRunner` runs it. Behaviour, as the local pool's:
- more than `queue_size` jobs waiting, or Redis unreachable: `Busy`, one line;
- `on_position(n)` while the job waits (1 = next), `on_position(0)` when it starts;
- a job that outlives its timeout, or whose worker died twice: `JobFailed`;
- cancelling `submit` asks the workers to abort the job (arq's abort set);
- each job has its own id and one reader, so its result is delivered once.

Public API: `RedisQueueRunner`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable
from typing import Any

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import abort_jobs_ss, in_progress_key_prefix, result_key_prefix
from redis.exceptions import RedisError

from bot.config import DEFAULT_JOB_TIMEOUT, DEFAULT_QUEUE_SIZE
from bot.errors import Busy, JobFailed
from bot.runtime.in_process import InProcessRunner
from bot.runtime.queue_codec import decode_rendered, encode_args, job_name, pack, unpack
from bot.runtime.queue_worker import MAX_TRIES, QUEUE_NAME
from bot.runtime.runner import PositionCallback

POLL_SECONDS = 0.05  # how often a waiting job looks at Redis
# A dead worker's job is taken again after its in-progress mark expires (timeout + 10 s,
# arq's rule), and after the last try a worker records the failure: so the bot waits for
# up to one more round than the tries before it gives up on its own.
IN_PROGRESS_EXTRA_SECONDS = 10.0
UNREACHABLE = "The bot is busy (its job queue is unreachable). Try again in a minute."


class RedisQueueRunner:
    """Submits compose and render jobs to Redis at `url`; runs other jobs in a thread."""

    def __init__(
        self,
        url: str,
        job_timeout: float = DEFAULT_JOB_TIMEOUT,
        queue_size: int = DEFAULT_QUEUE_SIZE,
    ) -> None:
        self._settings = RedisSettings.from_dsn(url)
        self._settings.conn_retries = 0  # a down Redis is answered "busy" at once
        self._settings.conn_timeout = 2
        self._job_timeout = job_timeout
        self.queue_size = queue_size
        self._local = InProcessRunner(job_timeout)
        self._redis: ArqRedis | None = None

    @property
    def job_timeout(self) -> float:
        return self._job_timeout

    async def __aenter__(self) -> RedisQueueRunner:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    async def _connection(self) -> ArqRedis:
        # Made on first use, so the bot starts (and answers "busy") while Redis is down.
        if self._redis is None:
            self._redis = await create_pool(
                self._settings, job_serializer=pack, job_deserializer=unpack
            )
        return self._redis

    async def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_position: PositionCallback | None = None,
        cache: bool = True,  # the JobRunner contract; the queue keeps no cache
        run_seconds: float | None = None,
    ) -> Any:
        name = job_name(fn)
        if name is None:
            return await self._local.submit(
                fn, *args, on_position=on_position, run_seconds=run_seconds
            )
        seconds = run_seconds or self._job_timeout
        job_id = uuid.uuid4().hex
        try:
            redis = await self._connection()
            if await redis.zcard(QUEUE_NAME) >= self.queue_size:
                raise Busy("The bot is busy: its job queue is full. Try again in a minute.")
            await redis.enqueue_job(
                name, encode_args(name, args), _job_id=job_id, _queue_name=QUEUE_NAME
            )
        except (RedisError, OSError):
            await self.close()
            raise Busy(UNREACHABLE) from None
        try:
            reply = await self._wait(redis, job_id, seconds, on_position)
        except (RedisError, OSError):
            await self.close()
            raise JobFailed(
                "The job queue went away while working on this. Try again in a minute."
            ) from None
        except asyncio.CancelledError:
            with contextlib.suppress(RedisError, OSError):
                await redis.zadd(abort_jobs_ss, {job_id: int(time.time() * 1000)})
            raise
        if "ok" in reply:
            return decode_rendered(reply["ok"])
        raise JobFailed(str(reply.get("error", "The job failed. Please try again.")))

    async def _wait(
        self,
        redis: ArqRedis,
        job_id: str,
        seconds: float,
        on_position: PositionCallback | None,
    ) -> dict[str, Any]:
        """The job's plain-data reply, reporting its place in line until it starts."""
        reported = -1
        deadline: float | None = None  # set when the job first starts
        while True:
            raw = await redis.get(result_key_prefix + job_id)
            if raw is not None:
                if on_position is not None and reported > 0:
                    # It started and finished between two polls: the member still hears
                    # that it started, so no "n in line" is left standing.
                    on_position(0)
                return self._reply(unpack(raw), seconds)
            place = await self._place(redis, job_id)
            if place != reported and on_position is not None and (place or reported > 0):
                on_position(place)
            reported = place
            if place == 0 and deadline is None:
                deadline = time.monotonic() + (MAX_TRIES + 1) * (
                    seconds + IN_PROGRESS_EXTRA_SECONDS
                )
            if deadline is not None and time.monotonic() > deadline:
                await redis.zadd(abort_jobs_ss, {job_id: int(time.time() * 1000)})
                raise JobFailed(f"The job took longer than {seconds:g} s and was stopped.")
            await asyncio.sleep(POLL_SECONDS)

    @staticmethod
    def _reply(result: dict[str, Any], seconds: float) -> dict[str, Any]:
        """arq's stored result → our reply; arq's own failures (timeout, retries
        exhausted, abort) are stored unserialisable and become one line."""
        value = result.get("r")
        if result.get("s") and isinstance(value, dict):
            return value
        return {
            "error": f"The job failed on its worker (stopped after {seconds:g} s, "
            "or its worker died twice). Please try again."
        }

    @staticmethod
    async def _place(redis: ArqRedis, job_id: str) -> int:
        """0 when the job runs (or ran), else 1 + the waiting jobs ahead of it."""
        rank = await redis.zrank(QUEUE_NAME, job_id)
        if rank is None or await redis.exists(in_progress_key_prefix + job_id):
            return 0
        ahead = await redis.zrange(QUEUE_NAME, 0, rank - 1) if rank else []
        running = 0
        if ahead:
            async with redis.pipeline(transaction=False) as pipe:
                for other in ahead:
                    pipe.exists(in_progress_key_prefix + other.decode())
                running = sum(await pipe.execute())
        return 1 + len(ahead) - running
