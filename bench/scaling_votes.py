"""Vote commits per second on PostgreSQL against SQLite (`bench/scaling.py --votes`).

Every vote goes through `Store.votes.record`, committed before it returns, as a member's
vote is. Measured with one vote at a time (the latency of a commit) and with
`CONCURRENT` votes in flight (a busy game), on a SQLite file (WAL) and on a local
PostgreSQL started for the bench with durable settings (fsync and synchronous commit
on, as in production), so neither database is flattered.
"""

from __future__ import annotations

import asyncio
import os
import platform
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import Store
from tests.postgres import PostgresServer

VOTES = 2000  # per run
CONCURRENT = 32  # votes in flight at once in the busy runs
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
# Before: the aiosqlite store this layer replaced, which can no longer be run from this
# tree; measured by this bench's SQLite runs, interleaved with the new store in the same
# minute (medians of 3 runs, 2026-11-28 10:16 UTC, same machine and disk).
BEFORE = """Before (SQLite only; medians of 3 interleaved runs, 2026-11-28 10:16 UTC): the
hand-written aiosqlite store this replaced took 1644 votes/s one at a time and 2036 with
32 in flight; the SQLAlchemy store on SQLite, in the same minute, 696 and 638. The new
layer costs about 1 ms of CPU per vote on SQLite (greenlet switches, result objects);
a member's vote is still committed in a few milliseconds.
"""


async def _game(store: Store) -> list[int]:
    """A game of 10 items; returns their ids."""
    melody = await store.melodies.add(source="ai", params={}, midi=b"MThd", now=NOW)
    game = await store.games.create(
        platform="bench",
        chat="1",
        creator="bench:0",
        opened_at=NOW,
        closes_at=NOW + timedelta(hours=1),
        items=[(chr(ord("A") + n), melody) for n in range(10)],
    )
    return [item.id for item in await store.games.items(game)]


async def _votes_per_second(where: Path | str, in_flight: int) -> float:
    """Votes/s of VOTES first votes, `in_flight` at a time, on a new database."""
    async with Store(where) as store:
        items = await _game(store)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(VOTES):
            queue.put_nowait(n)

        async def voter() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                await store.votes.record(
                    item_id=items[n % len(items)],
                    voter=f"bench:{n}",
                    guess="ai",
                    confidence=3,
                    quality=None,
                    now=NOW,
                )

        start = time.perf_counter()
        await asyncio.gather(*(voter() for _ in range(in_flight)))
        elapsed = time.perf_counter() - start
        assert await store.votes.count(1) == VOTES
    return VOTES / elapsed


async def _measure_all(server: PostgresServer, folder: Path) -> dict[str, dict[int, float]]:
    figures: dict[str, dict[int, float]] = {"SQLite (WAL)": {}, "PostgreSQL": {}}
    for in_flight in (1, CONCURRENT):
        sqlite = folder / f"votes-{in_flight}.db"
        figures["SQLite (WAL)"][in_flight] = await _votes_per_second(sqlite, in_flight)
        url = await asyncio.to_thread(server.new_database)
        figures["PostgreSQL"][in_flight] = await _votes_per_second(url, in_flight)
    return figures


def measure_votes() -> dict[str, object]:
    """Start a durable PostgreSQL, run both databases, stop it; the figures by database."""
    server = PostgresServer(durable=True)
    server.start()
    try:
        load_before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory() as tmp:
            figures = asyncio.run(_measure_all(server, Path(tmp)))
    finally:
        server.stop()
    return {"votes": figures, "load": (load_before, os.getloadavg()[0])}


def votes_section(figures: dict[str, object]) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    votes = figures["votes"]
    load = figures["load"]
    assert isinstance(votes, dict) and isinstance(load, tuple)
    rows = "\n".join(
        f"| {name} | {runs[1]:.0f} | {runs[CONCURRENT]:.0f} |" for name, runs in votes.items()
    )
    return f"""## Scaling: vote commits

Votes committed per second through `Store.votes.record` ({stamp}, {platform.machine()},
{os.cpu_count()} cores shared with other developers' work: load average {load[0]:.1f}
before, {load[1]:.1f} after); {VOTES} first votes per run on a new database, the bench
process and the database server on the same machine. PostgreSQL 15 local (loopback TCP,
fsync and synchronous commit on); SQLite in WAL mode on the same disk.

| database | 1 vote at a time | {CONCURRENT} votes in flight |
|---|---|---|
{rows}

{BEFORE}"""
