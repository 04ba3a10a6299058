"""Per-member rate limiting shared by the chat adapters.

A sliding window: a member may use `uses` commands in any `seconds`-long
window. Times are seconds from a monotonic clock.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.config import DEFAULT_COOLDOWN_SECONDS, DEFAULT_COOLDOWN_USES
from bot.errors import CoolingDown


class Cooldown:
    """Allow each member `uses` calls per `seconds`; `check` raises CoolingDown beyond that."""

    def __init__(
        self,
        uses: int = DEFAULT_COOLDOWN_USES,
        seconds: float = DEFAULT_COOLDOWN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if uses < 1 or seconds <= 0:
            raise ValueError("Cooldown needs uses >= 1 and seconds > 0")
        self.uses = uses
        self.seconds = seconds
        self._clock = clock
        self._recent: dict[str, deque[float]] = {}

    def check(self, member: str) -> None:
        """Count one use by `member`, or raise CoolingDown with the seconds until the next."""
        now = self._clock()
        recent = self._recent.setdefault(member, deque())
        while recent and recent[0] <= now - self.seconds:
            recent.popleft()
        if len(recent) >= self.uses:
            raise CoolingDown(retry_after=recent[0] + self.seconds - now)
        recent.append(now)
        self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        # Keeps memory bounded on busy servers: members idle for a window hold no entry.
        if len(self._recent) > 1024:
            self._recent = {
                m: q for m, q in self._recent.items() if q and q[-1] > now - self.seconds
            }
