"""The Redis job queue end to end: a real redis-server and real `melodybot worker` processes.

What a user would see: the melody (same MIDI as composed locally, with MP3 and picture),
their place in line, "busy" in one line when the queue is full or Redis is down, and one
delivery of a job whose worker was killed mid-job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import redis

from bot.errors import Busy, JobFailed
from bot.runtime.jobs import Rendered, compose_job
from bot.runtime.queue_codec import unpack
from bot.runtime.redis_queue import QUEUE_NAME, RedisQueueRunner
from engine.midi import to_midi_bytes
from engine.params.melody import MelodyParams
from tests.bot.runtime.queue.conftest import JOB_TIMEOUT
from tests.bot.runtime.queue.servers import QueueWorker, RedisServer

pytestmark = pytest.mark.timeout(300)

PARAMS = MelodyParams(key="D", scale="minor", bars=4, seed=7)
LONG = MelodyParams(bars=32, tempo=60, seed=3)  # 128 s of music: seconds to render


def assert_posted(rendered: Rendered, params: MelodyParams) -> None:
    """The melody the user gets: its parameters, the MIDI of its notes, an MP3 and a PNG.

    (Not compared with a local compose: the worker is a separate process, and the model
    may be retrained between its start and this test's.)
    """
    assert rendered.params == params
    assert rendered.melody is not None and rendered.notes == len(rendered.melody.notes) > 0
    assert rendered.midi == to_midi_bytes(rendered.melody)
    assert rendered.mp3 is not None and len(rendered.mp3) > 1000
    # The score is the default picture, engraved in the queue worker too.
    assert rendered.score and rendered.score[0].startswith(b"\x89PNG")


def results(server: RedisServer) -> list[dict[str, object]]:
    """arq's stored results, as plain data."""
    client = redis.Redis(port=server.port)
    return [unpack(client.get(key)) for key in client.keys("arq:result:*")]


def tries(client: redis.Redis) -> int:
    """How many times a worker has started the (one) job so far (arq's retry counter)."""
    counters = client.keys("arq:retry:*")
    return int(client.get(counters[0]) or 0) if counters else 0


async def wait_until(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    async with asyncio.timeout(seconds):
        while True:  # a condition on another process's state: polled, nothing to await
            if condition():
                return
            await asyncio.sleep(0.05)


async def test_two_workers_serve_waiting_jobs_in_line(
    redis_url: str, start_worker: Callable[..., QueueWorker]
) -> None:
    positions: list[list[int]] = [[], [], []]
    async with RedisQueueRunner(redis_url, JOB_TIMEOUT, queue_size=8) as runner:
        jobs = []
        for i, seen in enumerate(positions):  # one after another, so the line has an order
            jobs.append(
                asyncio.create_task(
                    runner.submit(compose_job, PARAMS.replace(seed=i), on_position=seen.append)
                )
            )
            await wait_until(lambda seen=seen: bool(seen))
        assert [seen[0] for seen in positions] == [1, 2, 3]
        await asyncio.gather(asyncio.to_thread(start_worker), asyncio.to_thread(start_worker))
        delivered = await asyncio.gather(*jobs)
    for i, rendered in enumerate(delivered):
        assert_posted(rendered, PARAMS.replace(seed=i))
    assert all(seen[-1] == 0 for seen in positions)  # each was told when it started


async def test_a_full_queue_answers_busy_and_a_cancelled_job_never_runs(
    redis_url: str, redis_server: RedisServer, start_worker: Callable[..., QueueWorker]
) -> None:
    async with RedisQueueRunner(redis_url, JOB_TIMEOUT, queue_size=1) as runner:
        waiting: list[int] = []
        first = asyncio.create_task(runner.submit(compose_job, PARAMS, on_position=waiting.append))
        await wait_until(lambda: bool(waiting))
        with pytest.raises(Busy, match=r"^The bot is busy: its job queue is full\. Try again"):
            await runner.submit(compose_job, PARAMS.replace(seed=8))
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        await asyncio.to_thread(start_worker)
        # The worker drops the aborted job from the queue; until then the queue is still full.
        waiting_jobs = redis.Redis(port=redis_server.port)
        await wait_until(lambda: waiting_jobs.zcard(QUEUE_NAME) == 0)
        assert_posted(
            await runner.submit(compose_job, PARAMS.replace(seed=9)), PARAMS.replace(seed=9)
        )
    done = results(redis_server)
    assert [r["s"] for r in done].count(True) == 1  # the cancelled job was aborted, not run


async def test_redis_down_answers_busy_in_one_line_then_recovers(
    redis_url: str, redis_server: RedisServer, start_worker: Callable[..., QueueWorker]
) -> None:
    async with RedisQueueRunner(redis_url, JOB_TIMEOUT) as runner:
        redis_server.stop()
        try:
            with pytest.raises(Busy) as busy:
                await runner.submit(compose_job, PARAMS)
            assert str(busy.value) == (
                "The bot is busy (its job queue is unreachable). Try again in a minute."
            )
        finally:
            redis_server.start()
        await asyncio.to_thread(start_worker)
        assert_posted(await runner.submit(compose_job, PARAMS), PARAMS)


async def test_a_job_whose_worker_is_killed_runs_again_elsewhere_and_is_delivered_once(
    redis_url: str, redis_server: RedisServer, start_worker: Callable[..., QueueWorker]
) -> None:
    client = redis.Redis(port=redis_server.port)
    first = await asyncio.to_thread(start_worker)
    async with RedisQueueRunner(redis_url, JOB_TIMEOUT) as runner:
        job = asyncio.create_task(runner.submit(compose_job, LONG))
        await wait_until(lambda: bool(client.keys("arq:in-progress:*")))
        first.kill()  # mid-job: its in-progress mark stays until it expires
        await asyncio.to_thread(start_worker)
        rendered = await job
    assert_posted(rendered, LONG)
    done = results(redis_server)
    assert len(done) == 1 and done[0]["s"] is True
    assert done[0]["t"] == 2  # the second try, on the other worker


async def test_a_job_over_its_time_fails_in_one_line(
    redis_url: str, start_worker: Callable[..., QueueWorker]
) -> None:
    await asyncio.to_thread(start_worker, 0.5)  # the worker enforces the job timeout
    async with RedisQueueRunner(redis_url, 0.5) as runner:
        with pytest.raises(JobFailed) as failed:
            await runner.submit(compose_job, LONG)
    assert str(failed.value) == (
        "The job failed on its worker (stopped after 0.5 s, or its worker died twice). "
        "Please try again."
    )


async def test_a_job_whose_workers_die_twice_fails_in_one_line(
    redis_url: str, redis_server: RedisServer, start_worker: Callable[..., QueueWorker]
) -> None:
    client = redis.Redis(port=redis_server.port)
    async with RedisQueueRunner(redis_url, JOB_TIMEOUT) as runner:
        job = asyncio.create_task(runner.submit(compose_job, LONG))
        for attempt in (1, 2):  # the first run, then its one retry
            worker = await asyncio.to_thread(start_worker)
            await wait_until(lambda attempt=attempt: tries(client) == attempt, 90)
            worker.kill()
        await asyncio.to_thread(start_worker)
        with pytest.raises(JobFailed) as failed:
            await job
    assert "its worker died twice" in str(failed.value)
    assert "\n" not in str(failed.value)
