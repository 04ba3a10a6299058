"""Per-member cooldown: 3 uses in 30 s by default, counted per member."""

from __future__ import annotations

import pytest

from bot.errors import CoolingDown, user_message
from bot.services.cooldown import Cooldown


class Clock:
    """A settable clock in seconds (the Cooldown's time seam)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_fourth_use_within_the_window_is_refused_with_the_wait():
    clock = Clock()
    cooldown = Cooldown(clock=clock)
    for _ in range(3):
        cooldown.check("discord:1")
        clock.now += 5
    with pytest.raises(CoolingDown) as caught:
        cooldown.check("discord:1")
    # The first use (t=1000) leaves the window at t=1030; it is now t=1015.
    assert caught.value.retry_after == pytest.approx(15)
    assert user_message(caught.value) == "You're going too fast. Try again in 15 s."
    cooldown.check("telegram:2")  # other members are not affected
    clock.now = 1030.0
    cooldown.check("discord:1")  # the window has moved on


def test_limits_come_from_the_constructor():
    clock = Clock()
    cooldown = Cooldown(uses=1, seconds=2, clock=clock)
    cooldown.check("a")
    with pytest.raises(CoolingDown):
        cooldown.check("a")
    clock.now += 2
    cooldown.check("a")
