"""The job runner seam: what services need from whatever runs their CPU-bound jobs.

`WorkerPool` (local worker processes, the default) satisfies it, and so does
`InProcessRunner` (a thread of this process, for service tests where audio is
not the point, and for tools). A distributed queue is one more implementation.

Public API: `JobRunner`, `PositionCallback`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

# Called with the job's place in line while it waits (1 = next), then 0 when it starts.
PositionCallback = Callable[[int], Any]


class JobRunner(Protocol):
    """Runs module-level functions on picklable arguments, away from the event loop."""

    @property
    def job_timeout(self) -> float:
        """Seconds a job may run before it fails (`run_seconds` overrides it per job)."""
        ...

    async def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_position: PositionCallback | None = None,
        cache: bool = True,
        run_seconds: float | None = None,
    ) -> Any:
        """`fn(*args)`'s result, or its exception; `Busy` when full, `JobFailed` on a fault."""
        ...
