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
# Before: the aiosqlite store this layer replaced (no longer runnable from this tree), and
# the first SQLAlchemy store (commit 21be9c7) against this one, run interleaved by a
# throwaway A/B script (3 runs each, medians, 2000 first votes, SQLite only).
BEFORE = """Before and after, SQLite only (medians of 3 interleaved runs; 2000 first votes):

| store | 1 vote at a time | 32 votes in flight |
|---|---|---|
| hand-written aiosqlite store (before SQLAlchemy; 2026-11-28 10:16 UTC) | 1644 | 2036 |
| SQLAlchemy Core, first version (commit 21be9c7; 2026-11-28 11:16 UTC) | 919 | 656 |
| SQLAlchemy Core, votes on the driver's connection (2026-11-28 11:16 UTC) | 1437 | 1161 |

Where a vote's time went (cProfile of 2000 votes): waiting for aiosqlite's thread,
five hops per vote (SQLAlchemy's adapted cursor takes four per statement: open,
execute, fetch, close; then the commit), plus compiling and result objects. Now the
vote's statements go straight to the driver's connection (`Writer.rows`, one hop each,
rows as tuples) inside the transaction SQLAlchemy still begins and commits: two hops
per first vote. Every rule holds: committed before `record` returns, one vote per
member and item (the same unique constraint and upsert), WAL and the busy timeout (the
same connection). The load of other developers' work moves single runs by ±40 %.
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
