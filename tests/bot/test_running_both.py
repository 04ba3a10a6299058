"""`make run` with both tokens: Discord and Telegram in one process, stopped by Ctrl-C mid-job.

The real launcher (`bot.__main__.run`) runs in-process with its own worker pool and
SQLite file; the chat libraries reach the loopback fakes through the settings
(DISCORD_API_BASE, DISCORD_GATEWAY_URL, TELEGRAM_BASE_URL, TELEGRAM_BASE_FILE_URL).
SIGINT arrives while compositions are still in hand: every member still gets their
melody, a newcomer is told to come back, and the database is closed (no -wal file).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3

from pydantic import SecretStr

from bot.__main__ import run
from bot.config import Settings
from bot.frontends.discord import STOPPING
from bot.frontends.discord.intake import SHUTTING_DOWN
from tests.fakes.discord_api import EPHEMERAL_FLAG, FakeDiscord
from tests.fakes.telegram_api import FakeTelegramApi

DISCORD_TOKEN = "MTAwMA.fake.discord-token-never-logged"
TELEGRAM_TOKEN = "123456:TEST-token-never-logged"
RUN_SECONDS = 180  # generous bound on the whole run; a clean stop takes far less


async def _until(condition, seconds: float = 60.0) -> None:
    """Wait until `condition()` holds (bounded), polling the event loop."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached")


async def test_ctrl_c_with_both_front_ends_finishes_the_jobs_in_hand(tmp_path, caplog):
    database = tmp_path / "both.db"
    async with FakeDiscord() as discord_api, FakeTelegramApi(TELEGRAM_TOKEN) as telegram_api:
        settings = Settings(
            _env_file=None,
            discord_token=SecretStr(DISCORD_TOKEN),
            telegram_token=SecretStr(TELEGRAM_TOKEN),
            database_path=database,
            out_dir=tmp_path / "out",
            workers=1,
            cache_entries=0,
            discord_api_base=discord_api.api_base,
            discord_gateway_url=str(discord_api.gateway_url),
            telegram_base_url=telegram_api.base_url,
            telegram_base_file_url=telegram_api.base_file_url,
        )
        runner = asyncio.create_task(run(settings))
        ready = asyncio.gather(
            discord_api.wait_ready(timeout=90), telegram_api.wait_for("deleteWebhook", timeout=90)
        )
        await asyncio.wait({runner, ready}, return_when=asyncio.FIRST_COMPLETED)
        assert not runner.done(), runner.exception()

        # One worker, three 16-bar melodies, Telegram's first: both Discord ones are still
        # queued behind it at Ctrl-C.
        await telegram_api.send_text(601, 601, "/melody bars:16 seed:3")
        await telegram_api.wait_for("sendChatAction")
        first = await discord_api.slash("melody", {"bars": 16, "seed": 1})
        second = await discord_api.slash(
            "melody", {"bars": 16, "seed": 2}, member=discord_api.member(5, "bea")
        )
        await discord_api.wait_for_callback(first)
        await discord_api.wait_for_callback(second)
        assert not second.followups  # work is in hand

        caplog.set_level(logging.INFO, logger="bot.frontends.discord")
        os.kill(os.getpid(), signal.SIGINT)
        # The Discord front end logs this as it closes its intake (in the same step), so a
        # command sent after it must be refused.
        await _until(lambda: STOPPING in caplog.messages)
        late = await discord_api.slash("melody", {"seed": 4})
        await asyncio.wait_for(runner, RUN_SECONDS)

    for sent in (first, second):
        files = [f.filename for f in sent.followups[0].files]
        assert any(name.endswith(".mp3") for name in files), files
        assert any(name.endswith(".mid") for name in files), files
    refusal = late.callback.json
    assert refusal["data"]["content"] == SHUTTING_DOWN
    assert refusal["data"]["flags"] & EPHEMERAL_FLAG
    assert len(telegram_api.calls("sendAudio")) == 1
    assert len(telegram_api.calls("sendDocument")) == 1
    # Closed cleanly: SQLite removes the write-ahead log when the last connection closes.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("both")) == ["both.db"]
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
