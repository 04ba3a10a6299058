"""Helpers shared by the front-end tests (Discord, Telegram): running a real `serve` for a block."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

STOP_SECONDS = 30  # a clean stop of a front end (it finishes the work in hand) takes less


@contextlib.asynccontextmanager
async def serving(
    run: Callable[[asyncio.Event], Awaitable[None]], ready: Awaitable[object]
) -> AsyncIterator[asyncio.Task]:
    """`run(stop)` (a front end's serve) as a task until the block ends; then a clean stop.

    The block starts once `ready` (e.g. the fake platform saw the bot connect) is done;
    if serve ends before that, what made it fail is raised here; if `ready` fails (say,
    it timed out), serve is stopped and that failure is raised.
    """
    stop = asyncio.Event()
    task = asyncio.ensure_future(run(stop))
    waiting = asyncio.ensure_future(ready)
    done, _ = await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        waiting.cancel()
        task.result()  # raises what made serve() fail
        raise AssertionError("serve() returned before it was ready")
    try:
        waiting.result()  # a timeout waiting for `ready` fails the test here, clearly
    except BaseException:
        stop.set()
        await asyncio.wait_for(task, STOP_SECONDS)
        raise
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, STOP_SECONDS)
