"""Benchmark of the games: start a 4-item game, commit votes, close with reveal and chart.

Prints its figures and records them under '## Games' in bench/RESULTS.md.
Uses the real worker pool (FluidSynth, ffmpeg) and a real SQLite file.

    python bench/games.py
"""

from __future__ import annotations

import asyncio
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section

from bot.runtime.pool import WorkerPool
from bot.services.actor import Actor
from bot.services.cooldown import Cooldown
from bot.services.games.service import Chat, GameService
from bot.services.games.stats import Judgement, study_table
from bot.store import Store

SECTION = "## Games"
STARTER = Actor("bench:starter")
GAMES = 3
VOTERS = 50
WORKERS = 2


async def measure() -> list[str]:
    chat = Chat("bench", "room")
    starts, votes_per_second, closes = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        async with (
            WorkerPool(workers=WORKERS, job_timeout=60) as pool,
            Store(Path(folder) / "bench.db") as store,
        ):
            games = GameService(store, pool, Cooldown(uses=10_000), rng=random.Random(1))
            for _ in range(GAMES):
                began = time.perf_counter()
                started = await games.start(chat, STARTER, items=4)
                starts.append(time.perf_counter() - began)
                letters = [item.letter for item in started.items]
                began = time.perf_counter()
                for voter in range(VOTERS):
                    for letter in letters:
                        await games.vote(
                            chat,
                            letter,
                            Actor(f"bench:{voter}"),
                            random.choice(("ai", "human")),
                            3,
                            4,
                        )
                votes_per_second.append(VOTERS * len(letters) / (time.perf_counter() - began))
                began = time.perf_counter()
                await games.close(chat, STARTER)
                closes.append(time.perf_counter() - began)
            await games.aclose()
    judgements = [
        Judgement(
            str(i % 100), random.choice(("ai", "human")), random.choice(("ai", "human")), 3, 4
        )
        for i in range(100_000)
    ]
    began = time.perf_counter()
    study_table(judgements)
    table_seconds = time.perf_counter() - began
    return [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{WORKERS} pool workers; {GAMES} games of 4 items, {VOTERS} voters each "
        f"(2 cores, possibly shared with other work while measured).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| start a 4-item game (compose + render 4 items, median) | "
        f"{statistics.median(starts):.2f} s |",
        f"| votes committed per second (sequential, each committed before the reply) | "
        f"{statistics.median(votes_per_second):.0f} |",
        f"| close with reveal, study table and chart ({VOTERS * 4} votes, median) | "
        f"{statistics.median(closes) * 1000:.0f} ms |",
        f"| study table of 100,000 judgements | {table_seconds * 1000:.0f} ms |",
    ]


def main() -> None:
    lines = asyncio.run(measure())
    print("\n".join(lines))
    write_section("\n".join([SECTION, "", *lines]))


if __name__ == "__main__":
    main()
