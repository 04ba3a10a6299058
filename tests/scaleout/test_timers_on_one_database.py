"""Two games services (two bot processes) on one PostgreSQL, both holding a game's timer.

Both re-arm the same open game, as two bot processes do at start; when it is due, both
timers fire, exactly one claims the close, and the reveal is posted once in all. Real
PostgreSQL, real stores, a real worker pool drawing the reveal's chart.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.runtime.pool import WorkerPool
from bot.services.cooldown import Cooldown
from bot.services.games.models import Reveal
from bot.services.games.service import GameService
from bot.store import Store
from engine.params.melody import MelodyParams

DUE_IN = timedelta(seconds=3)


async def _due_game(store: Store) -> int:
    """A two-item game that closes in DUE_IN, after both processes have armed its timer."""
    now = datetime.now(UTC)
    params = MelodyParams().to_dict()
    ai = await store.melodies.add(source="ai", params=params, seed=7, midi=b"MThd", now=now)
    human = await store.melodies.add(
        source="human", params=params, title="The Kesh", midi=b"MThd", now=now
    )
    return await store.games.create(
        platform="console",
        chat="room",
        creator="console:you",
        opened_at=now - timedelta(minutes=10),
        closes_at=now + DUE_IN,
        items=[("A", human), ("B", ai)],
    )


async def test_both_processes_fire_the_timer_and_the_reveal_is_posted_once(postgres_url):
    posted: list[tuple[str, Reveal]] = []
    async with (
        WorkerPool(workers=1, job_timeout=60) as pool,
        Store(postgres_url) as first_store,
        Store(postgres_url) as second_store,
    ):
        game_id = await _due_game(first_store)
        services = {
            name: GameService(store, pool, Cooldown())
            for name, store in (("first", first_store), ("second", second_store))
        }
        for name, games in services.items():

            async def post(reveal: Reveal, name: str = name) -> None:
                posted.append((name, reveal))

            games.add_close_listener("console", post)
        assert [await games.rearm() for games in services.values()] == [1, 1]
        async with asyncio.timeout(60):  # both timers have done all they will do
            while any(games.armed for games in services.values()):  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        assert (await second_store.games.get(game_id)).announced_at is not None
        for games in services.values():
            await games.aclose()
    assert len(posted) == 1
    [(_, reveal)] = posted
    assert (reveal.game_id, reveal.closed_by) == (game_id, "timer")
