"""Two games services (two bot processes) on one PostgreSQL: a reveal is posted once.

A process that finds a reveal to post (its timer's close, or the missed reveals when a
front end registers) claims the posting in the database first; another process on the
same database that finds it meanwhile stands back, and takes it over only when the
claim lapses (its holder died mid-post). Real PostgreSQL, real stores and worker pool.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.runtime.pool import WorkerPool
from bot.services.cooldown import Cooldown
from bot.services.games.models import Reveal
from bot.services.games.service import GameService
from bot.services.games.timers import TIMER
from bot.store import Store
from tests.scaleout.test_timers_on_one_database import DUE_IN, _due_game

DEAD_LEASE = timedelta(seconds=2)  # the claim a killed process left behind


async def _announced(store: Store, game_id: int) -> None:
    """Return once the game's reveal is marked posted."""
    async with asyncio.timeout(60):
        while (await store.games.get(game_id)).announced_at is None:  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def test_a_reveal_being_posted_by_one_process_is_not_posted_by_the_other(postgres_url):
    posted: list[str] = []
    first_posting, first_may_finish = asyncio.Event(), asyncio.Event()
    async with (
        WorkerPool(workers=1, job_timeout=60) as pool,
        Store(postgres_url) as first_store,
        Store(postgres_url) as second_store,
    ):
        game_id = await _due_game(first_store)
        first = GameService(first_store, pool, Cooldown())
        second = GameService(second_store, pool, Cooldown())

        async def first_posts(reveal: Reveal) -> None:
            first_posting.set()
            await first_may_finish.wait()  # the upload is slow: still posting
            posted.append(f"first:{reveal.game_id}")

        async def second_posts(reveal: Reveal) -> None:
            posted.append(f"second:{reveal.game_id}")

        await first.timers.add_listener("console", first_posts)
        assert await first.rearm() == 1
        async with asyncio.timeout(DUE_IN.total_seconds() + 60):
            await first_posting.wait()
        # The second process's front end registers now: the game is closed and not yet
        # announced, so it would post the reveal too if it did not see the claim.
        await second.timers.add_listener("console", second_posts)
        first_may_finish.set()
        await _announced(second_store, game_id)
        game = await second_store.games.get(game_id)
        await first.aclose()
        await second.aclose()
    assert posted == [f"first:{game_id}"]
    assert game is not None and game.closed_by == TIMER


async def test_a_reveal_left_claimed_by_a_killed_process_is_posted_when_the_claim_lapses(
    postgres_url,
):
    posted: list[int] = []
    async with (
        WorkerPool(workers=1, job_timeout=60) as pool,
        Store(postgres_url) as store,
    ):
        game_id = await _due_game(store)
        now = datetime.now(UTC)
        assert await store.games.close(game_id, TIMER, now, announced=False)
        # The killed process had claimed the post and never finished it.
        claim = await store.games.claim_announcement(game_id, "killed", now, DEAD_LEASE)
        assert claim.claimed
        survivor = GameService(store, pool, Cooldown())

        async def post(reveal: Reveal) -> None:
            posted.append(reveal.game_id)

        await survivor.timers.add_listener("console", post)
        assert posted == []  # the claim still holds: the survivor waits for it to lapse
        await _announced(store, game_id)
        await survivor.aclose()
    assert posted == [game_id]


async def test_a_reveal_cut_off_by_a_shutdown_gives_its_claim_back(postgres_url):
    async with (
        WorkerPool(workers=1, job_timeout=60) as pool,
        Store(postgres_url) as store,
    ):
        game_id = await _due_game(store)
        assert await store.games.close(game_id, TIMER, datetime.now(UTC), announced=False)
        stopping = GameService(store, pool, Cooldown())
        posting = asyncio.Event()

        async def never_finishes(reveal: Reveal) -> None:
            posting.set()
            await asyncio.Event().wait()

        missed = stopping.timers.add_listener("console", never_finishes)
        async with asyncio.timeout(60):
            await posting.wait()
        await stopping.aclose()  # the launcher's shutdown, mid-post
        assert missed.cancelled()
        # The next start (any process) claims it at once rather than after the lease.
        claim = await store.games.claim_announcement(
            game_id, "next start", datetime.now(UTC), DEAD_LEASE
        )
    assert claim.claimed
