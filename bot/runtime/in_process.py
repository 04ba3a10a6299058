"""A job runner in this process: jobs run one at a time in a worker thread.

For service tests where audio is not the point, and for tools that want no
worker processes. It keeps the `JobRunner` contract that matters to callers:
the event loop never runs the job, `on_position` hears 0 when it starts, and a
job running longer than its time fails with `JobFailed`. It has no cache and no
crash isolation (a job that kills the process kills the caller).

Public API: `InProcessRunner`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.config import DEFAULT_JOB_TIMEOUT
from bot.errors import JobFailed
from bot.runtime.runner import PositionCallback


class InProcessRunner:
    """Runs jobs in one background thread of this process, in order of submission."""

    def __init__(self, job_timeout: float = DEFAULT_JOB_TIMEOUT) -> None:
        self._job_timeout = job_timeout
        self._one_at_a_time = asyncio.Lock()

    @property
    def job_timeout(self) -> float:
        return self._job_timeout

    async def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_position: PositionCallback | None = None,
        cache: bool = True,  # part of the JobRunner contract; nothing is cached here
        run_seconds: float | None = None,
    ) -> Any:
        async with self._one_at_a_time:
            if on_position is not None:
                on_position(0)
            seconds = run_seconds or self._job_timeout
            try:
                async with asyncio.timeout(seconds):
                    return await asyncio.to_thread(fn, *args)
            except TimeoutError:
                raise JobFailed(
                    f"That took longer than {seconds:g} s and was stopped. Please try again."
                ) from None
