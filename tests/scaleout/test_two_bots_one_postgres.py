"""Two bot processes on one PostgreSQL: a game's timer closes it once, whoever holds it.

Both are `python -m bot` console bots (no chat tokens), as a user would run them, with
DATABASE_URL set to one fresh database on the session's server.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

START_SECONDS = 180.0  # a game composes and renders its items first, on a shared machine
CLOSE_SECONDS = 60.0
CLOSES_IN = timedelta(seconds=6)  # the game's closing time, moved near before B starts


class ConsoleBot:
    """`python -m bot` on the console, its input held open, output and log in files."""

    def __init__(self, name: str, url: str, folder: Path) -> None:
        self.out = folder / f"{name}.out"
        self.log = folder / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "OUT_DIR": str(folder / name),
            "DISCORD_TOKEN": "",
            "TELEGRAM_TOKEN": "",
            "JOB_QUEUE_URL": "",
            "WORKERS": "1",
            "LOG_LEVEL": "INFO",
        }
        with self.out.open("wb") as out, self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=log,
                cwd=folder,  # no developer's .env is read
                env=env,
            )

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def wait_for_log(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r}; log: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # end of input: the console bot shuts down
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


async def _move_closing_time(url: str, game_id: int, closes_at: datetime) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "UPDATE games SET closes_at = $1 WHERE id = $2", closes_at.isoformat(), game_id
        )
    finally:
        await connection.close()


def wait_for_games(url: str, seconds: float, done: object) -> list[asyncpg.Record]:
    deadline = time.monotonic() + seconds
    while True:
        games = asyncio.run(_games(url))
        if done(games):  # type: ignore[operator]
            return games
        if time.monotonic() > deadline:
            raise AssertionError(f"games never got there: {games}")
        time.sleep(0.3)


def test_a_game_closes_once_by_the_timer_of_the_other_process(postgres_url, tmp_path):
    first = ConsoleBot("first", postgres_url, tmp_path)
    second: ConsoleBot | None = None
    try:
        first.send("/guess start items:2 minutes:5")
        [game] = wait_for_games(postgres_url, START_SECONDS, lambda g: len(g) == 1)
        assert game["status"] == "open"
        # The second process re-arms the open game from the database, with its new time.
        asyncio.run(_move_closing_time(postgres_url, game["id"], datetime.now(UTC) + CLOSES_IN))
        second = ConsoleBot("second", postgres_url, tmp_path)
        second.wait_for_log("re-armed the timers of 1 open game(s)", START_SECONDS)
        first.process.send_signal(signal.SIGKILL)  # no chance to tidy up
        first.process.wait(10)

        [closed] = wait_for_games(
            postgres_url, CLOSE_SECONDS, lambda g: g[0]["announced_at"] is not None
        )
        assert (closed["status"], closed["closed_by"]) == ("closed", "timer")
        chart = f"game-{game['id']}-chart.png"
        assert second.out.read_text().count(chart) == 1  # the reveal, posted once
        assert chart not in first.out.read_text()
    finally:
        first.stop()
        if second is not None:
            second.stop()
    assert second.process.returncode == 0, second.log.read_text()[-2000:]
