"""Benchmark of the games: start a 4-item game, commit votes, close with reveal and chart.

Prints its figures and records them under '## Games' in bench/RESULTS.md.
Uses the real worker pool (FluidSynth, ffmpeg) and a real SQLite file.

    python bench/games.py
"""

from __future__ import annotations

import asyncio
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section

from bot.runtime.pool import WorkerPool
from bot.services.actor import Actor, Role
from bot.services.cooldown import Cooldown
from bot.services.games.service import Chat, GameService
from bot.services.games.stats import Judgement, study_table
from bot.store import Store

SECTION = "## Games"
STARTER = Actor("bench:starter")
ADMIN = Actor("bench:admin", role=Role.ADMIN)
GAMES = 3
VOTERS = 50
WORKERS = 2
STUDY_JUDGEMENTS = 100_000
STUDY_PARTICIPANTS = 2_000


STUDY_ITEMS_PER_GAME = 4
STUDY_GAMES = 500  # 2,000 items; each participant judges 50 of them


def fill_study(path: Path) -> None:
    """Write STUDY_JUDGEMENTS votes from STUDY_PARTICIPANTS participants into a migrated
    database file: closed games of 4 items, half of the participants with a profile.

    Written with one sqlite3 transaction (the bench measures reading, not voting).
    """
    rng = random.Random(12)
    now = "2026-11-28T08:00:00+00:00"
    params = '{"key": "D", "scale": "major", "seed": 7, "tempo": 120, "complexity": 50}'
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO melodies (id, source, params, seed, midi, created_at)"
            " VALUES (?, ?, ?, ?, x'', ?)",
            [
                (m, "ai" if m % 2 else "human", params, 7, now)
                for m in range(1, STUDY_GAMES * STUDY_ITEMS_PER_GAME + 1)
            ],
        )
        db.executemany(
            "INSERT INTO games (id, platform, chat, creator, status, opened_at, closes_at,"
            " closed_at, closed_by, announced_at) VALUES (?, 'bench', 'study', 'bench:starter',"
            " 'closed', ?, ?, ?, 'timer', ?)",
            [(g, now, now, now, now) for g in range(1, STUDY_GAMES + 1)],
        )
        items = [
            (
                g * STUDY_ITEMS_PER_GAME + k + 1,
                g + 1,
                k,
                "ABCD"[k],
                g * STUDY_ITEMS_PER_GAME + k + 1,
            )
            for g in range(STUDY_GAMES)
            for k in range(STUDY_ITEMS_PER_GAME)
        ]
        db.executemany(
            "INSERT INTO game_items (id, game_id, position, letter, melody_id)"
            " VALUES (?, ?, ?, ?, ?)",
            items,
        )
        per_participant = STUDY_JUDGEMENTS // STUDY_PARTICIPANTS
        votes = []
        for p in range(STUDY_PARTICIPANTS):
            for item_id in rng.sample(range(1, len(items) + 1), per_participant):
                truth = "ai" if item_id % 2 else "human"
                right = rng.random() < 0.55
                guess = truth if right else ("human" if truth == "ai" else "ai")
                votes.append(
                    (item_id, f"bench:{p}", guess, rng.randint(1, 5), rng.randint(1, 5), now,
                     1 + (item_id - 1) % 4, rng.uniform(5, 300), rng.randint(0, 2))
                )  # fmt: skip
        db.executemany(
            "INSERT INTO votes (item_id, voter, guess, confidence, quality, voted_at,"
            " shown_position, first_vote_seconds, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            votes,
        )
        db.executemany(
            "INSERT INTO member_profiles (member, experience, role, updated_at)"
            " VALUES (?, ?, ?, ?)",
            [
                (f"bench:{p}", ("none", "hobby", "1-3y", "3y+")[p % 4],
                 ("listener", "musician", "producer")[p % 3], now)
                for p in range(0, STUDY_PARTICIPANTS, 2)
            ],
        )  # fmt: skip
    db.close()


async def study_figures(pool: WorkerPool, folder: Path) -> dict[str, float]:
    """Seconds for `/guess results scope:all by:role` and for `/guess export scope:all`
    (the zip) over STUDY_JUDGEMENTS judgements from STUDY_PARTICIPANTS participants,
    end to end: SQLite read, statistics (GEE included), chart, CSV, codebook, zip.
    Seconds of wall and CPU time (the bot process: the event loop and its threads; the
    chart's worker is not counted) and the zip's size in bytes, by name."""
    path = folder / "study.db"
    async with Store(path):
        pass  # creates the file and its schema
    fill_study(path)
    chat = Chat("bench", "study")
    async with Store(path) as store:
        games = GameService(store, pool, Cooldown(uses=10_000))
        timings = []
        for _ in range(2):  # the first pays for importing matplotlib in the drawing worker
            began, cpu = time.perf_counter(), time.process_time()
            results = await games.results(chat, "all", "role")
            timings.append(time.perf_counter() - began)
        results_cpu = time.process_time() - cpu  # the bot process's threads, not the worker
        cold_seconds, results_seconds = timings
        if results.table.n != STUDY_JUDGEMENTS:
            raise RuntimeError(f"expected {STUDY_JUDGEMENTS} judgements, got {results.table.n}")
        began, cpu = time.perf_counter(), time.process_time()
        export = await games.export(chat, ADMIN, "all")
        data = export.zip_bytes()
        export_seconds = time.perf_counter() - began
        export_cpu = time.process_time() - cpu
        await games.aclose()
    return {
        "cold": cold_seconds,
        "results": results_seconds,
        "results_cpu": results_cpu,
        "export": export_seconds,
        "export_cpu": export_cpu,
        "zip_bytes": len(data),
    }


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
    with tempfile.TemporaryDirectory() as folder:
        async with WorkerPool(workers=WORKERS, job_timeout=60) as pool:
            figures = await study_figures(pool, Path(folder))
    return [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{WORKERS} pool workers; {GAMES} games of 4 items, {VOTERS} voters each "
        f"(2 cores, possibly shared with other work while measured; 1-minute load average "
        f"{os.getloadavg()[0]:.2f} at the end).",
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
        f"| `/guess results scope:all by:role` of {STUDY_JUDGEMENTS:,} judgements from "
        f"{STUDY_PARTICIPANTS:,} participants, end to end (SQLite read, per participant, "
        f"t/Wilcoxon, GEE, calibration, quality CIs, split, chart; target < 2 s) | "
        f"{figures['results'] * 1000:.0f} ms wall, {figures['results_cpu']:.2f} CPU-s "
        f"(first call, worker importing matplotlib: {figures['cold'] * 1000:.0f} ms) |",
        f"| `/guess export scope:all`: votes, items, participants CSV + codebook, zipped "
        f"({figures['zip_bytes'] / 2**20:.1f} MiB), end to end (target < 2 s) | "
        f"{figures['export'] * 1000:.0f} ms wall, {figures['export_cpu']:.2f} CPU-s |",
    ]


def main() -> None:
    lines = asyncio.run(measure())
    print("\n".join(lines))
    write_section("\n".join([SECTION, "", *lines]))


if __name__ == "__main__":
    main()
