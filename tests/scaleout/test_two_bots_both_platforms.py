"""The deployment of docs/SCALING.md, end to end: two bot processes, two queue workers,
one PostgreSQL and one Redis, serving Discord and Telegram through the loopback fakes.

- Each process is `python -m bot` with both tokens: Discord split in two shards (one
  per process), Telegram through the webhook, as behind a load balancer (the fake posts
  each update to the process the test points it at, as a balancer would).
- `/melody` from both platforms and both processes: every result is posted once.
- A game started through the first process, whose timer the second re-armed at its
  start: the first is killed before the game is due, and the second closes it exactly
  once and posts its reveal once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from tests.bot.runtime.queue.servers import free_port
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegramApi

DISCORD_TOKEN = "MTAwMA.fake.discord-token-never-logged"
TELEGRAM_TOKEN = "123456:TEST-token-never-logged"
SECRET = "two-bots-webhook-secret"
START_SECONDS = 120.0  # a bot process importing everything, on a shared machine
RESULT_SECONDS = 120.0
# The game's closing time, moved to this long after the second process starts: it must
# be up, and the /melody round done, before the first process is killed.
CLOSES_AFTER = timedelta(seconds=40)
GROUP, STARTER = -100800, 7
PRIVATE_CHATS = (801, 802)  # one Telegram member per process


class BotProcess:
    """`python -m bot` with both platforms on the fakes; its log in a file."""

    def __init__(self, name: str, shard: int, env: dict[str, str], folder: Path) -> None:
        self.log = folder / f"{name}.log"
        self.hook_port = free_port()
        self.hook_url = f"http://127.0.0.1:{self.hook_port}/telegram/hook"
        settings = {
            **env,
            "DISCORD_SHARD_COUNT": "2",
            "DISCORD_SHARD_IDS": f"[{shard}]",
            "TELEGRAM_WEBHOOK_URL": self.hook_url,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
            "TELEGRAM_WEBHOOK_PORT": str(self.hook_port),
            "OUT_DIR": str(folder / name),
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=folder,  # no developer's .env is read
                env={**os.environ, **settings},
            )

    async def wait_for_log(self, text: str, seconds: float = START_SECONDS) -> None:
        async with asyncio.timeout(seconds):
            while text not in self.log.read_text():
                if self.process.poll() is not None:
                    raise AssertionError(f"exited; log: {self.log.read_text()[-3000:]}")
                await asyncio.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C: the launcher stops cleanly
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


async def _games(url: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetch("SELECT * FROM games ORDER BY id")
    except asyncpg.UndefinedTableError:  # the first bot is still building the schema
        return []
    finally:
        await connection.close()


async def _wait_for_games(
    url: str, done: Callable[[list[asyncpg.Record]], bool], seconds: float
) -> list[asyncpg.Record]:
    async with asyncio.timeout(seconds):
        while not done(games := await _games(url)):  # noqa: ASYNC110 — another process's rows
            await asyncio.sleep(0.3)
    return games


async def _move_closing_time(url: str, game_id: int, closes_at: datetime) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "UPDATE games SET closes_at = $1 WHERE id = $2", closes_at.isoformat(), game_id
        )
    finally:
        await connection.close()


async def test_two_bots_serve_both_platforms_once_and_the_survivor_closes_the_game(
    postgres_url, redis_url, start_worker, tmp_path
):
    bots: list[BotProcess] = []
    async with FakeDiscord() as discord_api, FakeTelegramApi(TELEGRAM_TOKEN) as telegram_api:
        env = {
            "DISCORD_TOKEN": DISCORD_TOKEN,
            "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "DISCORD_API_BASE": discord_api.api_base,
            "DISCORD_GATEWAY_URL": str(discord_api.gateway_url),
            "TELEGRAM_BASE_URL": telegram_api.base_url,
            "TELEGRAM_BASE_FILE_URL": telegram_api.base_file_url,
            "DATABASE_URL": postgres_url,
            "JOB_QUEUE_URL": redis_url,
            "CACHE_ENTRIES": "0",  # every result is rendered, none served from a cache
            "LOG_LEVEL": "INFO",
        }
        try:
            first = BotProcess("first", 0, env, tmp_path)
            bots.append(first)
            await asyncio.to_thread(start_worker)  # both warm while the first bot starts
            await asyncio.to_thread(start_worker)
            await telegram_api.wait_for("setWebhook", timeout=START_SECONDS)
            await discord_api.wait_ready(timeout=START_SECONDS)

            # A game started through the first process (the balancer sends it there).
            await telegram_api.send_text(GROUP, STARTER, "/guess start items:2 minutes:5")
            [game] = await _wait_for_games(postgres_url, lambda g: len(g) == 1, RESULT_SECONDS)
            await telegram_api.wait_for(
                "sendAudio", lambda r: r.chat_id == GROUP, count=2, timeout=RESULT_SECONDS
            )
            closes_at = datetime.now(UTC) + CLOSES_AFTER
            await _move_closing_time(postgres_url, game["id"], closes_at)
            second = BotProcess("second", 1, env, tmp_path)
            bots.append(second)
            await second.wait_for_log("re-armed the timers of 1 open game(s)")
            await telegram_api.wait_for("setWebhook", count=2, timeout=START_SECONDS)
            async with asyncio.timeout(START_SECONDS):
                shards = discord_api.identified_shards
                while sorted(map(str, shards)) != ["[0, 2]", "[1, 2]"]:  # noqa: ASYNC110
                    await asyncio.sleep(0.2)  # each process identifies its own shard

            # /melody: Telegram through each process in turn, Discord on the gateway.
            for bot, chat in zip(bots, PRIVATE_CHATS, strict=True):
                telegram_api.webhook = {"url": bot.hook_url, "secret_token": SECRET}
                await telegram_api.send_text(chat, chat, "/melody bars:4 seed:5")
            slashes = [
                await discord_api.slash(
                    "melody", {"bars": 4, "seed": n}, member=discord_api.member(20 + n, "m")
                )
                for n in range(2)
            ]
            await telegram_api.wait_for(
                "sendAudio",
                lambda r: r.chat_id in PRIVATE_CHATS,
                count=len(PRIVATE_CHATS),
                timeout=RESULT_SECONDS,
            )
            await discord_api.wait_for(
                lambda: all(s.followups for s in slashes), timeout=RESULT_SECONDS
            )
            assert datetime.now(UTC) < closes_at, "too slow: the game fell due too early"
            assert [g["status"] for g in await _games(postgres_url)] == ["open"]

            first.process.send_signal(signal.SIGKILL)  # no chance to tidy up
            first.process.wait(10)
            caption = f"Game {game['id']}: AI or human? The answers"
            await telegram_api.wait_for(
                "sendPhoto",
                lambda r: r.chat_id == GROUP and r.fields.get("caption") == caption,
                timeout=CLOSES_AFTER.total_seconds() + RESULT_SECONDS,
            )
            [closed] = await _wait_for_games(
                postgres_url, lambda g: g[0]["announced_at"] is not None, RESULT_SECONDS
            )
            await asyncio.sleep(1.0)  # room for a duplicate to show up
        finally:
            for bot in reversed(bots):
                bot.stop()

    # Every result once: one audio per Telegram chat, one follow-up per Discord command.
    # Rendered by the queue workers, the score (the default picture) travels back too.
    for chat in PRIVATE_CHATS:
        assert len(telegram_api.calls("sendAudio", chat)) == 1, chat
        [photo] = telegram_api.calls("sendPhoto", chat)
        assert ".score-1.png" in photo.files["photo"].filename
    for slash in slashes:
        [followup] = slash.followups
        names = [f.filename for f in followup.files]
        assert any(name.endswith(".mp3") for name in names), names
        assert any(name.endswith(".score.png") for name in names), names
    # Each update the balancer sent was taken by the process it went to (with the secret).
    assert set(telegram_api.webhook_statuses) == {200}
    # The game: closed by the survivor's timer, its reveal posted once.
    assert (closed["status"], closed["closed_by"]) == ("closed", "timer")
    reveals = [
        r for r in telegram_api.calls("sendPhoto", GROUP) if r.fields.get("caption") == caption
    ]
    assert len(reveals) == 1
    assert second.process.returncode == 0, second.log.read_text()[-3000:]
