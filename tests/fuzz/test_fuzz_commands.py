"""Generated command lines through the grammar and through the console's handler.

Every line gets an answer: the parsed parameters or one line naming what was wrong,
never an unexpected exception (the handler's apology), never a hang. The console's
services are real (a SQLite file, the game and melody services) but every fuzz
member's cooldown is spent first, so no line composes; the worker pool is never
started, so a line that reached it would fail loudly.
"""

from __future__ import annotations

import asyncio
import io
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import APOLOGY
from bot.frontends.console import ADMIN_NAME, PLATFORM, Console
from bot.runtime.pool import WorkerPool
from bot.services import Services
from bot.services.cooldown import Cooldown
from bot.services.games.options import GAME_OPTIONS
from bot.services.games.service import GameService
from bot.services.grammar import parse_command, split_command
from bot.services.melody import MelodyService
from bot.store import Store
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS
from tests.fuzz.generators import MEMBERS, command_lines

LINES = 10_000
SEED = 2026
HANG_SECONDS = 2.0
MAX_ANSWER_CHARS = 700  # one line of error: the token quoted short, the allowed values
LISTINGS = ("Leaderboard\n", "Submissions waiting", "Game settings of this chat:")


def test_the_grammar_answers_every_line_in_one_line():
    for line in command_lines(LINES, SEED):
        started = time.perf_counter()
        _, rest = split_command(line)
        for schema in (MELODY_PARAMS, GAME_OPTIONS):
            try:
                parse_command(rest, schema)
            except ParamError as error:
                message = str(error)
                assert message and "\n" not in message, (line, message)
                assert len(message) < MAX_ANSWER_CHARS, (line[:80], message[:200])
        assert time.perf_counter() - started < HANG_SECONDS, f"hung on {line[:80]!r}"


@pytest.fixture
async def console(tmp_path: Path):
    settings = Settings(database_path=tmp_path / "bot.db", out_dir=tmp_path / "out")
    pool = WorkerPool(workers=1, initializer=None)  # never started: nothing may reach it
    cooldown = Cooldown(uses=1, seconds=10**9)
    for name in (ADMIN_NAME, *MEMBERS):
        cooldown.check(f"{PLATFORM}:{name}")
    async with Store(settings.database_path) as store:
        games = GameService(store, pool, cooldown, lambda: datetime.now(UTC))
        services = Services(settings=settings, melody=MelodyService(pool, cooldown), games=games)
        out = io.StringIO()
        try:
            yield Console(services, out, settings.out_dir), out
        finally:
            await games.aclose()


async def test_the_console_answers_every_line_without_a_traceback(console):
    handler, out = console
    for line in command_lines(LINES, SEED + 1):
        out.seek(0)
        out.truncate()
        await asyncio.wait_for(handler.handle(line), HANG_SECONDS)
        answer = out.getvalue()
        command, _ = split_command(line.split(" ", 1)[1] if line.startswith("@") else line)
        assert APOLOGY not in answer, line[:200]
        # Help and successful listings take several lines; every refusal takes one.
        if command != "help" and not answer.startswith(LISTINGS) and line.strip():
            assert answer.count("\n") == 1, (line[:200], answer[:300])
            assert len(answer) < MAX_ANSWER_CHARS, (line[:80], answer[:200])
