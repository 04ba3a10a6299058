"""The launcher picks front ends from the tokens and imports chat libraries only when needed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def child_env(**values: str) -> dict[str, str]:
    """The environment of a child run in a temporary folder (so no developer `.env`, with
    real tokens, is read: `.env` is looked up in the working folder); `tests` stays importable.
    """
    return {**os.environ, "PYTHONPATH": str(REPO), **values}


PROBE = """
import logging, sys
from bot.__main__ import configure_logging, front_ends
from bot.config import Settings
configure_logging("INFO")
print(list(front_ends(Settings(_env_file=None, discord_token=None, telegram_token=None))))
print("discord" in sys.modules, "telegram" in sys.modules)
print(logging.getLogger("discord").level == logging.WARNING, logging.getLogger().level)
print(list(front_ends(Settings(_env_file=None, discord_token="x", telegram_token="y"))))
"""


def test_console_without_tokens_and_chat_libraries_only_with_them(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(),
        timeout=120,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "['console']"
    assert lines[1] == "False False"  # no chat library loaded for the console
    assert lines[2] == "True 20"  # library chatter quietened; INFO for the bot itself
    assert lines[3] == "['discord', 'telegram']"


# The real launcher in a child process, with discord.py pointed at a loopback fake Discord
# (run on its own thread) that accepts only another token.
REFUSED_LOGIN = """
import asyncio, sys, threading
import discord.gateway, discord.http
from tests.fakes.discord_api import FakeDiscord
loop = asyncio.new_event_loop()
threading.Thread(target=loop.run_forever, daemon=True).start()
fake = asyncio.run_coroutine_threadsafe(
    FakeDiscord(valid_token="MTAwMQ.the.right-token").__aenter__(), loop).result(30)
discord.http.Route.BASE = fake.api_base
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = fake.gateway_url
from bot.__main__ import main
code = main()
print("asked:", [r.path for r in fake.requests])
sys.exit(code)
"""


def test_a_refused_token_stops_the_launcher_with_one_line(tmp_path):
    env = child_env(
        DISCORD_TOKEN="MTAwMA.a.wrong-token",
        TELEGRAM_TOKEN="",
        DATABASE_PATH=str(tmp_path / "bot.db"),
        OUT_DIR=str(tmp_path / "out"),
        WORKERS="1",
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "-c", REFUSED_LOGIN],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.strip() == "asked: ['/users/@me']"
    assert result.stderr.strip() == (
        "melodybot could not start: the Discord token was refused: check DISCORD_TOKEN in .env"
    )


STUBBORN = """
import asyncio, sys
from bot.__main__ import run
from bot.config import Settings

async def stubborn(services, stop):
    print("ready", flush=True)
    await asyncio.Event().wait()  # a front end stuck while draining: it never finishes

settings = Settings(_env_file=None, database_path="bot.db", workers=1)
try:
    asyncio.run(run(settings, {"stubborn": stubborn}))
except KeyboardInterrupt:
    print("stopped at once", flush=True)
    sys.exit(130)
print("stopped in order", flush=True)
"""


def test_a_second_ctrl_c_stops_at_once_when_the_orderly_shutdown_hangs(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", STUBBORN],
        cwd=tmp_path,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGINT)  # orderly: timers stop, front ends are told to stop
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=2)  # the stubborn front end keeps it from finishing
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 130
    assert out.strip() == "stopped at once"
