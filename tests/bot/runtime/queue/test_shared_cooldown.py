"""Cooldowns shared through Redis: a member's allowance is one, however many bot processes."""

from __future__ import annotations

import pytest

from bot.errors import CoolingDown
from bot.services.shared_cooldown import SharedCooldown
from tests.bot.runtime.queue.servers import RedisServer


def test_two_processes_share_one_window(redis_url: str) -> None:
    now = [1000.0]
    first, second = (SharedCooldown(redis_url, 2, 30.0, clock=lambda: now[0]) for _ in range(2))
    first.check("discord:1")
    second.check("discord:1")
    with pytest.raises(CoolingDown) as cooling:
        first.check("discord:1")  # the third use, counted across both
    assert cooling.value.retry_after == pytest.approx(30.0)
    second.check("telegram:1")  # another member has their own window
    now[0] += 30.5
    first.check("discord:1")  # the window slid past both uses


def test_while_redis_is_down_each_process_keeps_its_own_window(
    redis_url: str, redis_server: RedisServer
) -> None:
    cooldown = SharedCooldown(redis_url, 1, 30.0)
    redis_server.stop()
    try:
        cooldown.check("discord:2")
        with pytest.raises(CoolingDown):
            cooldown.check("discord:2")
    finally:
        redis_server.start()
