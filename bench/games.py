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
from bot.services.games.export import pseudonym
from bot.services.games.service import Chat, GameService
from bot.services.games.stats import Judgement, study_table, votes_csv
from bot.services.games.stats_report import analysis_text
from bot.store import Store

SECTION = "## Games"
STARTER = Actor("bench:starter")
GAMES = 3
VOTERS = 50
WORKERS = 2
STUDY_JUDGEMENTS = 100_000
STUDY_PARTICIPANTS = 2_000


def study_figures() -> tuple[float, float]:
    """Seconds for the results analysis and for the CSV export of a large study.

    STUDY_JUDGEMENTS judgements from STUDY_PARTICIPANTS participants, each a little
    better than chance. The export figure is its CPU part (pseudonyms and CSV cells),
    not the SQLite read.
    """
    rng = random.Random(12)
    judgements = []
    for i in range(STUDY_JUDGEMENTS):
        truth = rng.choice(("ai", "human"))
        right = rng.random() < 0.55
        guess = truth if right else ("human" if truth == "ai" else "ai")
        judgements.append(
            Judgement(f"bench:{i % STUDY_PARTICIPANTS}", truth, guess, rng.randint(1, 5), 4)
        )
    began = time.perf_counter()
    analysis_text(judgements)
    analysis_seconds = time.perf_counter() - began
    secret = bytes(32)
    began = time.perf_counter()
    votes_csv(
        (
            {"game": 1, "item": "A", "source": j.truth, "voter": pseudonym(secret, j.voter),
             "guess": j.guess, "correct": int(j.correct), "confidence": j.confidence,
             "quality": j.quality, "voted_at": "2026-11-28T08:00:00+00:00"}
            for j in judgements
        ),
        ("game", "item", "source", "voter", "guess", "correct", "confidence", "quality",
         "voted_at"),
    )  # fmt: skip
    return analysis_seconds, time.perf_counter() - began


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
    analysis_seconds, export_seconds = study_figures()
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
        f"| results analysis (per participant, t/Wilcoxon, GEE, calibration) of "
        f"{STUDY_JUDGEMENTS:,} judgements from {STUDY_PARTICIPANTS:,} participants "
        f"(target < 2 s) | {analysis_seconds * 1000:.0f} ms |",
        f"| export CSV under pseudonyms, {STUDY_JUDGEMENTS:,} votes (CPU part; target < 2 s) | "
        f"{export_seconds * 1000:.0f} ms |",
    ]


def main() -> None:
    lines = asyncio.run(measure())
    print("\n".join(lines))
    write_section("\n".join([SECTION, "", *lines]))


if __name__ == "__main__":
    main()
