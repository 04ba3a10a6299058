"""Closing the pool leaves nothing behind: position messages still being sent are stopped.

Real worker processes (bare: no SoundFont) running the jobs in tests/bot/pool_jobs.py.
"""

from __future__ import annotations

import asyncio

from bot.errors import JobFailed
from bot.runtime.pool import WorkerPool
from tests.bot.runtime.pool_jobs import hang


async def test_close_stops_the_position_messages_still_being_sent():
    pool = WorkerPool(workers=1, job_timeout=60, initializer=None)
    await pool.start()
    sending = asyncio.Event()
    stopped: list[int] = []

    async def tell_position(place: int) -> None:  # e.g. editing a chat message, slowly
        sending.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            stopped.append(place)
            raise

    running = asyncio.ensure_future(pool.submit(hang, cache=False))
    waiting = asyncio.ensure_future(pool.submit(hang, cache=False, on_position=tell_position))
    await asyncio.wait_for(sending.wait(), timeout=60)
    await pool.close()
    assert stopped == [1]  # its place in line was being told; closing stopped that
    for job in (running, waiting):
        assert isinstance((await asyncio.gather(job, return_exceptions=True))[0], JobFailed)
