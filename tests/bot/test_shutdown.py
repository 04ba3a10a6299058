"""The launcher stops game timers before it tells the front ends to stop, so no game closes
while they drain (its reveal would be posted nowhere). The real `bot.__main__.run` with its
own worker pool, and front ends given as plain `serve` functions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.__main__ import run
from bot.config import Settings
from bot.services import Services
from bot.store import Store


async def _open_game(path) -> int:
    """An open game closing in an hour, in the database the bot will start on."""
    now = datetime.now(UTC)
    async with Store(path) as store:
        melody = await store.melodies.add(source="ai", params={}, midi=b"MThd", now=now)
        return await store.games.create(
            platform="console",
            chat="room",
            creator="console:you",
            opened_at=now,
            closes_at=now + timedelta(hours=1),
            items=[("A", melody), ("B", melody)],
        )


async def test_timers_stop_before_the_front_ends_are_told_to_stop(tmp_path):
    path = tmp_path / "bot.db"
    game_id = await _open_game(path)
    seen: dict[str, tuple[int, ...]] = {}

    async def draining_front(services: Services, stop: asyncio.Event) -> None:
        seen["serving"] = services.games.armed
        await stop.wait()
        seen["stopping"] = services.games.armed  # what could still close while it drains

    async def finished_front(services: Services, stop: asyncio.Event) -> None:
        await asyncio.sleep(0)  # like the console at the end of its input

    settings = Settings(
        _env_file=None, database_path=path, workers=1, discord_token=None, telegram_token=None
    )
    await run(settings, {"draining": draining_front, "finished": finished_front})
    assert seen == {"serving": (game_id,), "stopping": ()}
    async with Store(path) as store:  # still open, for the next start to re-arm
        assert (await store.games.open_in("console", "room")).id == game_id
