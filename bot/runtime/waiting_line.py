"""The worker pool's line: jobs waiting for a worker, each told its place as it changes.

    line = WaitingLine()
    line.join(job)            # the job waits; places are announced soon
    job = await line.take()   # a driver takes the next job still wanted
    line.leave(job)           # a cancelled submitter leaves the line

Places are 1-based (1 = next). A job that was told a place hears 0 when it
starts. Callbacks may be plain functions or return awaitables; an awaitable
runs as its own task, so a slow chat edit never holds up the line, and
`close()` collects the tasks still running.

Public API: `WaitingJob`, `WaitingLine`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.runtime.runner import PositionCallback

log = logging.getLogger(__name__)


@dataclass(eq=False)
class WaitingJob:
    """One submitted job: its pickled call, cache key, result future and line state."""

    request: bytes
    key: str | None
    future: asyncio.Future[Any]
    on_position: PositionCallback | None
    timeout: float  # seconds the job may run once started
    position: int = 0  # last place in line reported; 0 = never reported


class WaitingLine:
    """First come, first served; announces places after idle drivers have taken theirs."""

    def __init__(self) -> None:
        self._jobs: deque[WaitingJob] = deque()
        self._wakeup = asyncio.Event()
        self._announce_pending = False
        self._callbacks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[WaitingJob]:
        return iter(self._jobs)

    def join(self, job: WaitingJob) -> None:
        """Put a job at the end of the line and wake an idle driver."""
        self._jobs.append(job)
        self._wakeup.set()
        self._schedule_announce()

    def leave(self, job: WaitingJob) -> None:
        """Take a job out of the line (its submitter was cancelled); no-op once it started."""
        if job in self._jobs:
            self._jobs.remove(job)
            self._schedule_announce()

    async def take(self) -> WaitingJob:
        """The next waiting job that is still wanted; waits while the line is empty."""
        while True:
            while self._jobs:
                job = self._jobs.popleft()
                if job.future.done():
                    continue
                if job.position:
                    self._notify(job, 0)
                self._schedule_announce()
                return job
            self._wakeup.clear()
            await self._wakeup.wait()

    def fail_all(self, error: Callable[[], BaseException]) -> None:
        """Empty the line, failing every job still wanted with a fresh `error()`."""
        while self._jobs:
            job = self._jobs.popleft()
            if not job.future.done():
                job.future.set_exception(error())

    async def close(self) -> None:
        """Cancel and collect position messages still being sent.

        They are of no use once the pool closes; collecting them means none is left
        pending (or with an exception nobody retrieves) when the loop ends.
        """
        callbacks = list(self._callbacks)
        for callback in callbacks:
            callback.cancel()
        await asyncio.gather(*callbacks, return_exceptions=True)
        self._callbacks.clear()

    def _schedule_announce(self) -> None:
        """Report places soon: after idle drivers have taken what they can, in this loop turn."""
        if not self._announce_pending:
            self._announce_pending = True
            asyncio.get_running_loop().call_soon(self._announce)

    def _announce(self) -> None:
        self._announce_pending = False
        for place, job in enumerate(self._jobs, start=1):
            if job.position != place and not job.future.done():
                job.position = place
                self._notify(job, place)

    def _notify(self, job: WaitingJob, position: int) -> None:
        """Call the job's position callback; a coroutine result runs as its own task."""
        if job.on_position is None:
            return
        try:
            result = job.on_position(position)
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._callbacks.add(task)
                task.add_done_callback(self._callback_done)
        except Exception:
            log.exception("on_position callback failed")

    def _callback_done(self, task: asyncio.Task[Any]) -> None:
        self._callbacks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("on_position callback failed", exc_info=task.exception())
