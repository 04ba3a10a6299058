"""Per-member rate limiting shared by every bot process, through Redis.

The same sliding window as `Cooldown` (`uses` commands in any `seconds`-long window),
kept in one Redis sorted set per member, so a member cannot multiply their allowance
by reaching several bot processes or shards. Times are wall-clock seconds (processes
share no monotonic clock). One round trip per check (a fraction of a millisecond on a
LAN) runs on the caller's thread, as the `Cooldown.check` interface is synchronous;
while Redis is unreachable, this process's own window is used instead.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

import redis

from bot.config import DEFAULT_COOLDOWN_SECONDS, DEFAULT_COOLDOWN_USES
from bot.errors import CoolingDown
from bot.services.cooldown import Cooldown

log = logging.getLogger(__name__)

KEY_PREFIX = "melodybot:cooldown:"
REDIS_TIMEOUT_SECONDS = 0.5  # a slow Redis must not stall the event loop for long


class SharedCooldown(Cooldown):
    """`Cooldown` with its windows in Redis at `url` (a redis:// URL)."""

    def __init__(
        self,
        url: str,
        uses: int = DEFAULT_COOLDOWN_USES,
        seconds: float = DEFAULT_COOLDOWN_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(uses, seconds, clock)
        self._redis = redis.Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )

    def check(self, member: str) -> None:
        """Count one use by `member` in Redis, or raise CoolingDown with the seconds left."""
        now = self._clock()
        key = KEY_PREFIX + member
        try:
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(key, "-inf", now - self.seconds)
                pipe.zrange(key, 0, self.uses - 1, withscores=True)
                _, recent = pipe.execute()
            if len(recent) >= self.uses:
                raise CoolingDown(retry_after=float(recent[0][1]) + self.seconds - now)
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(key, {uuid.uuid4().hex: now})
                pipe.expire(key, int(self.seconds) + 1)
                pipe.execute()
        except redis.RedisError as error:
            log.warning("shared cooldown unavailable (%s); using this process's", error)
            super().check(member)
