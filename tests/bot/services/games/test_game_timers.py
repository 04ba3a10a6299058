"""Games that close by their timer: a failing close is retried, and no reveal is lost to a
shutdown. Real SQLite files, and a real worker pool that draws the reveals' charts."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from bot.errors import GameError
from bot.runtime.pool import WorkerPool
from bot.services.actor import Actor
from bot.services.cooldown import Cooldown
from bot.services.games.service import Chat, GameService
from bot.store import Store
from engine.params.melody import MelodyParams

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = Chat("console", "room")
RETRY_SECONDS = 0.05  # a failed timed close is tried again this soon (then later and later)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pool():
    async with WorkerPool(workers=1, job_timeout=60) as pool:
        yield pool


async def _due_game(store: Store) -> int:
    """A two-item game whose closing time has passed (as after a bot was down)."""
    params = MelodyParams().to_dict()
    ai = await store.melodies.add(source="ai", params=params, seed=7, midi=b"MThd", now=_ago(20))
    human = await store.melodies.add(
        source="human",
        params=params,
        title="The Kesh",
        collection="oneills1850",
        midi=b"MThd",
        now=_ago(20),
    )
    return await store.games.create(
        platform=CHAT.platform,
        chat=CHAT.id,
        creator="console:you",
        opened_at=_ago(20),
        closes_at=_ago(10),
        items=[("A", human), ("B", ai)],
    )


async def _none_unannounced(store: Store) -> bool:
    return await store.games.unannounced(CHAT.platform) == []


def _ago(minutes: int) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


async def _until(condition) -> None:
    """Wait (at most a minute) until `condition()` (maybe a coroutine) is true."""
    async with asyncio.timeout(60):
        while not await _value(condition()):  # noqa: ASYNC110 — polls state with no event
            await asyncio.sleep(0.01)


async def _value(result):
    return await result if asyncio.iscoroutine(result) else result


async def test_a_failing_timed_close_is_tried_again_until_the_game_closes(tmp_path, pool, caplog):
    path = tmp_path / "bot.db"
    async with Store(path) as store:
        game_id = await _due_game(store)
        # The database refuses to close games for a while (a real failure, from SQLite).
        await store.db.execute(
            "CREATE TRIGGER refuse_close BEFORE UPDATE OF status ON games"
            " BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        )
        await store.db.commit()
        games = GameService(store, pool, Cooldown(), retry_seconds=RETRY_SECONDS)
        revealed: asyncio.Queue = asyncio.Queue()
        games.add_close_listener("console", revealed.put)
        with caplog.at_level(logging.ERROR, logger="bot.services.games.service"):
            assert await games.rearm() == 1
            await _until(lambda: sum("trying again" in r.getMessage() for r in caplog.records) >= 2)
        assert (await store.games.get(game_id)).is_open  # not closed yet, but not forgotten
        assert games.armed == (game_id,)
        with pytest.raises(GameError, match="the answers are coming"):
            await games.vote(CHAT, "A", Actor("console:ann"), "ai")
        await store.db.execute("DROP TRIGGER refuse_close")
        await store.db.commit()
        reveal = await asyncio.wait_for(revealed.get(), timeout=60)
        assert (reveal.game_id, reveal.closed_by) == (game_id, "timer")
        assert reveal.chart_png.startswith(b"\x89PNG")
        closed = await store.games.get(game_id)
        assert not closed.is_open and closed.announced_at is not None
        await games.aclose()


async def test_a_reveal_cut_off_by_a_shutdown_is_posted_after_the_restart(tmp_path, pool):
    path = tmp_path / "bot.db"
    async with Store(path) as store:
        game_id = await _due_game(store)
        before = GameService(store, pool, Cooldown())
        posting = asyncio.Event()

        async def slow_post(reveal) -> None:  # a front end still posting when the bot stops
            posting.set()
            await asyncio.Event().wait()

        before.add_close_listener("console", slow_post)
        await before.rearm()
        await asyncio.wait_for(posting.wait(), timeout=60)
        await before.aclose()
        closed = await store.games.get(game_id)
        assert not closed.is_open and closed.announced_at is None  # closed, never posted
        await before.aclose()
    async with Store(path) as store:  # the restart
        after = GameService(store, pool, Cooldown())
        assert await after.rearm() == 0
        revealed: asyncio.Queue = asyncio.Queue()
        after.add_close_listener("console", revealed.put)
        reveal = await asyncio.wait_for(revealed.get(), timeout=60)
        assert (reveal.game_id, reveal.closed_by, reveal.table.n) == (game_id, "timer", 0)
        # Marked as posted once the front end took it, so it is never posted twice.
        await _until(lambda: _none_unannounced(store))
        await after.aclose()
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT announced_at IS NOT NULL FROM games").fetchall() == [(1,)]
    raw.close()


async def test_no_timer_is_armed_once_the_service_is_stopped(tmp_path, pool):
    async with Store(tmp_path / "bot.db") as store:
        await _due_game(store)
        games = GameService(store, pool, Cooldown())
        await games.aclose()
        assert await games.rearm() == 1  # the game is open in the database…
        assert games.armed == ()  # …and left for the next start, not closed during the stop
        assert (await store.games.open_in(CHAT.platform, CHAT.id)) is not None


async def test_a_front_end_that_stops_listening_leaves_reveals_for_the_next(tmp_path, pool):
    async with Store(tmp_path / "bot.db") as store:
        games = GameService(store, pool, Cooldown())
        stopped: asyncio.Queue = asyncio.Queue()
        games.add_close_listener("console", stopped.put)
        games.remove_close_listener("console", stopped.put)  # that front end is shutting down
        game_id = await _due_game(store)
        assert await games.rearm() == 1
        await _until(lambda: _closed(store, game_id))
        assert stopped.empty()
        assert not await _none_unannounced(store)  # kept for whoever listens next
        restarted: asyncio.Queue = asyncio.Queue()
        games.add_close_listener("console", restarted.put)
        reveal = await asyncio.wait_for(restarted.get(), 60)
        assert reveal.game_id == game_id
        await _until(lambda: _none_unannounced(store))
        await games.aclose()


async def _closed(store: Store, game_id: int) -> bool:
    return not (await store.games.get(game_id)).is_open
