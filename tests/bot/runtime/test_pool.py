"""The worker pool with real processes: timeouts, crashes, a full queue, cancellation, the cache."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from bot.errors import Busy, JobFailed, UserError, user_message
from bot.runtime.pool import WorkerPool
from tests.bot.runtime import pool_jobs


@pytest.fixture
async def pool():
    """Two bare workers (no SoundFont needed by these jobs), a short timeout, a short line."""
    async with WorkerPool(
        workers=2, job_timeout=1.5, queue_size=3, cache_entries=8, initializer=None
    ) as started:
        yield started


# How long a job that keeps a worker busy runs (seconds): well under the fixture's
# 1.5 s timeout, and long enough that the state it holds is still there when polled.
BLOCK_SECONDS = 0.8


async def _until(condition, seconds: float = 60.0) -> None:
    """Wait until `condition()` holds (bounded), polling the event loop."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached")


def _all_taken(pool: WorkerPool, submitted: int) -> bool:
    """`submitted` jobs were handed in and none waits: the workers have them.

    Checked after at least one turn of `_until`'s polling, when idle workers have taken
    what was handed in.
    """
    return pool.stats.submitted == submitted and pool.waiting == 0


async def test_a_job_runs_in_a_worker_process_and_returns_its_result(pool):
    label, pid, _ = await pool.submit(pool_jobs.whoami, "hello")
    assert label == "hello"
    assert pid in pool.worker_pids()


async def test_a_hanging_job_times_out_and_its_worker_is_replaced(pool):
    with pytest.raises(JobFailed) as caught:
        await pool.submit(pool_jobs.hang)
    assert "longer than 1.5 s" in user_message(caught.value)
    # The pool goes on: both workers answer again, one of them new.
    await _until(lambda: pool.stats.restarts == 1 and len(pool.worker_pids()) == 2)
    label, pid, _ = await pool.submit(pool_jobs.whoami, "after", cache=False)
    assert label == "after" and pid in pool.worker_pids()
    assert pool.stats.timeouts == 1


async def test_a_crashing_job_fails_alone(pool):
    neighbour = asyncio.create_task(pool.submit(pool_jobs.sleep_then, 0.5, "unharmed"))
    await _until(lambda: _all_taken(pool, 1))
    with pytest.raises(JobFailed) as caught:
        await pool.submit(pool_jobs.crash, 3)
    assert "crashed" in str(caught.value) and "exit code 3" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert await neighbour == "unharmed"
    await _until(lambda: pool.stats.restarts == 1 and len(pool.worker_pids()) == 2)
    assert (await pool.submit(pool_jobs.whoami, "still here", cache=False))[0] == "still here"


async def test_a_job_error_reaches_the_caller_as_itself(pool):
    with pytest.raises(UserError) as caught:
        await pool.submit(pool_jobs.refuse, "That file is not MIDI.")
    assert user_message(caught.value) == "That file is not MIDI."


async def test_a_full_queue_answers_busy_at_once_and_waiting_jobs_hear_their_place(pool):
    places: dict[str, list[int]] = {}
    jobs = [
        asyncio.create_task(
            pool.submit(
                pool_jobs.sleep_then,
                BLOCK_SECONDS,
                name,
                on_position=places.setdefault(name, []).append,
            )
        )
        for name in "abcde"
    ]  # 2 run at once, 3 wait: the line is full
    await _until(lambda: pool.waiting == 3)
    with pytest.raises(Busy) as caught:
        await pool.submit(pool_jobs.whoami, "one too many")
    assert "busy" in str(caught.value).lower()
    assert await asyncio.gather(*jobs) == list("abcde")
    assert places["a"] == [] and places["b"] == []  # started at once, never waited
    # Each waiting job heard its first place, then only moves forward, then 0 when it started
    # (two moves in one event-loop turn are told as one).
    for name, first in (("c", 1), ("d", 2), ("e", 3)):
        heard = places[name]
        assert heard[0] == first and heard[-1] == 0
        assert heard == sorted(set(heard), reverse=True)


async def test_an_async_position_callback_is_awaited(pool):
    heard: list[int] = []

    async def tell(position: int) -> None:
        heard.append(position)

    blockers = [
        asyncio.create_task(pool.submit(pool_jobs.sleep_then, BLOCK_SECONDS, str(i)))
        for i in range(2)
    ]
    await _until(lambda: _all_taken(pool, 2))
    await pool.submit(pool_jobs.whoami, "queued", on_position=tell, cache=False)
    await asyncio.gather(*blockers)
    assert heard == [1, 0]


async def test_cancelling_a_waiting_job_takes_it_out_of_the_line(pool):
    blockers = [
        asyncio.create_task(pool.submit(pool_jobs.sleep_then, BLOCK_SECONDS, str(i)))
        for i in range(2)
    ]
    places: list[int] = []
    await _until(lambda: _all_taken(pool, 2))
    waiting = asyncio.create_task(pool.submit(pool_jobs.whoami, "never"))
    behind = asyncio.create_task(
        pool.submit(pool_jobs.whoami, "behind", cache=False, on_position=places.append)
    )
    await _until(lambda: pool.waiting == 2 and places == [2])
    waiting.cancel()
    await _until(lambda: pool.waiting == 1 and len(places) >= 2)
    assert places[:2] == [2, 1]  # moved up when the job ahead left
    await asyncio.gather(*blockers)
    assert (await behind)[0] == "behind"
    assert pool.stats.runs == 3  # the cancelled job never ran


async def test_cancelling_a_running_job_stops_its_worker_and_the_pool_goes_on(pool):
    running = asyncio.create_task(pool.submit(pool_jobs.hang))
    await _until(lambda: _all_taken(pool, 1))
    old_pids = set(pool.worker_pids())
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    # The stopped worker leaves the pool and a new one takes its place (waited for: under
    # load the replacement can take a while to start).
    await _until(
        lambda: (
            pool.stats.cancelled_running == 1
            and len(pool.worker_pids()) == 2
            and set(pool.worker_pids()) != old_pids
        )
    )
    assert pool.stats.cancelled_running == 1
    assert (await pool.submit(pool_jobs.whoami, "next", cache=False))[0] == "next"


async def test_a_repeat_is_answered_from_the_cache_without_running(pool):
    first = await pool.submit(pool_jobs.whoami, "same")
    again = await pool.submit(pool_jobs.whoami, "same")
    assert again == first  # same unique token: not run a second time
    assert pool.stats.runs == 1 and pool.stats.cache_hits == 1
    fresh = await pool.submit(pool_jobs.whoami, "same", cache=False)
    assert fresh[2] != first[2]
    other = await pool.submit(pool_jobs.whoami, "different")
    assert other[2] != first[2]


async def test_the_cache_is_bounded():
    async with WorkerPool(workers=1, cache_entries=2, initializer=None) as small:
        tokens = [(await small.submit(pool_jobs.whoami, name))[2] for name in "abc"]
        assert len(small.cache) == 2
        assert (await small.submit(pool_jobs.whoami, "c"))[2] == tokens[2]  # kept
        assert (await small.submit(pool_jobs.whoami, "a"))[2] != tokens[0]  # evicted, re-run


async def test_closing_the_pool_fails_waiting_jobs_with_a_clear_message():
    small = WorkerPool(workers=1, queue_size=4, initializer=None)
    await small.start()
    running = asyncio.create_task(small.submit(pool_jobs.sleep_then, BLOCK_SECONDS, "x"))
    waiting = asyncio.create_task(small.submit(pool_jobs.whoami, "y"))
    await _until(lambda: small.stats.submitted == 2 and small.waiting == 1)
    await small.close()
    with pytest.raises(JobFailed, match="shutting down"):
        await waiting
    with pytest.raises(JobFailed, match="shutting down"):
        await running


async def test_a_long_job_may_be_given_more_time_than_the_default(pool):
    # The fixture's default is 1.5 s; a job known to be long (64 bars at 40 BPM) gets more.
    assert await pool.submit(pool_jobs.sleep_then, 1.8, "long", run_seconds=5.0) == "long"
    assert pool.stats.timeouts == 0


async def test_a_worker_that_died_while_idle_is_replaced_before_it_gets_a_job(pool):
    victim = pool.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    await _until(lambda: not _alive(victim))
    # Two jobs that each hold a worker: the dead one's driver takes one of them, which must
    # not fail with "worker crashed".
    results = await asyncio.gather(
        *(pool.submit(pool_jobs.sleep_then, BLOCK_SECONDS / 4, str(n)) for n in range(2))
    )
    assert results == ["0", "1"]
    assert pool.stats.crashes == 0
    assert pool.stats.idle_deaths == 1
    assert victim not in pool.worker_pids()


def _alive(pid: int) -> bool:
    """Whether `pid` is a process that has not exited (a zombie counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
