"""The audio bench's figures measured through one warm worker pool.

Latency of single jobs (the peer, ours at the peer's MP3 settings and at the
bot's, the old and the new full job, interleaved so all see the same load).
Throughput and CPU per job with `jobs` full 16-bar jobs submitted at once: the
bot's whole job as it is today (which engraves the score as its picture), a full
queue of 8-bar jobs (every worker busy, every place in the line taken), peak
memory (read while the workers have run only the bot's jobs, then again at the
end, once they have drawn piano rolls and held the old path's renderers), then
the new audio path without the score (piano roll, as before the score), the old
path and the bot's job alternating `ROUNDS` times in all; event-loop lag throughout.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.render_jobs import (
    BOT_BITRATE,
    PEER_BITRATE,
    PEER_LAME_QUALITY,
    new_path_job,
    old_path_job,
    render_dry_job,
    render_encode_job,
    render_room_job,
)
from bench.render_measure import cpu_seconds, loop_lag_while, parent_of, peak_rss_mib, peer_seconds
from bot.runtime.jobs import compose_job
from bot.runtime.pool import WorkerPool
from engine.melody import Melody
from engine.params.melody import MelodyParams

Job = Callable[..., object]


async def _timed(pool: WorkerPool, fn: Job, *args: object) -> float:
    """Wall seconds of one job submitted alone (latency, not throughput)."""
    start = time.perf_counter()
    await pool.submit(fn, *args, cache=False)
    return time.perf_counter() - start


async def _latencies(pool: WorkerPool, melodies: list[Melody], soundfont: Path) -> dict[str, float]:
    """Median wall seconds per melody of each pipeline, interleaved melody by melody."""
    times: dict[str, list[float]] = {
        name: [] for name in ("peer", "same", "bot", "old_full", "new_full", "full")
    }
    with tempfile.TemporaryDirectory() as folder:
        peer_seconds(melodies[0], soundfont, Path(folder))  # page cache warm, as for ours
        for melody in melodies:
            times["peer"].append(
                await asyncio.to_thread(peer_seconds, melody, soundfont, Path(folder))
            )
            times["same"].append(
                await _timed(pool, render_encode_job, melody, PEER_BITRATE, PEER_LAME_QUALITY)
            )
            times["bot"].append(await _timed(pool, render_encode_job, melody, BOT_BITRATE, 7))
            times["old_full"].append(await _timed(pool, old_path_job, melody.params))
            times["new_full"].append(await _timed(pool, new_path_job, melody.params))
            times["full"].append(await _timed(pool, compose_job, melody.params))
    return {name: statistics.median(values) for name, values in times.items()}


async def _batch(pool: WorkerPool, fn: Job, params: list[MelodyParams]) -> dict[str, float]:
    """Submit every job at once: melodies/s, worker CPU-s per job, event-loop lag p99 (ms)."""
    before = cpu_seconds(pool.worker_pids())
    elapsed, lags = await loop_lag_while(
        asyncio.gather(*(pool.submit(fn, p, cache=False) for p in params))
    )
    cpu = (cpu_seconds(pool.worker_pids()) - before) / len(params)
    return {
        "throughput": len(params) / elapsed,
        "cpu_per_job": cpu,
        "lag_p99": statistics.quantiles(lags, n=100)[98],
    }


ROUNDS = 2  # new and old batches alternate this many times; other work comes and goes


def _combined(rounds: list[dict[str, float]]) -> dict[str, float]:
    """Rounds of one batch as one figure each: the best throughput (the round least
    disturbed by other work), the mean CPU-s per job, the worst lag."""
    return {
        "throughput": max(r["throughput"] for r in rounds),
        "cpu_per_job": statistics.mean(r["cpu_per_job"] for r in rounds),
        "lag_p99": max(r["lag_p99"] for r in rounds),
    }


def _peak_memory(pool: WorkerPool, prefix: str) -> dict[str, float]:
    """Peak RSS so far (MiB) of this process (the bot's side), the workers and the forkserver."""
    workers = pool.worker_pids()
    forkservers = {parent_of(pid) for pid in workers} - {None, os.getpid()}
    return {
        f"{prefix}_bot": peak_rss_mib([os.getpid()]),
        f"{prefix}_workers": peak_rss_mib(workers),
        f"{prefix}_forkserver": peak_rss_mib([p for p in forkservers if p is not None]),
    }


async def pool_figures(melodies: list[Melody], soundfont: Path, jobs: int) -> dict[str, float]:
    """Every figure measured through one warm pool (see the module docstring)."""
    figures: dict[str, float] = {}
    start = time.perf_counter()
    async with WorkerPool(soundfont=soundfont, queue_size=max(64, jobs), cache_entries=0) as pool:
        figures["workers"] = pool.workers
        figures["pool_start_s"] = time.perf_counter() - start
        params = [m.params for m in melodies]
        batch = [params[k % len(params)].replace(seed=1100 + k) for k in range(jobs)]
        await asyncio.gather(*(pool.submit(compose_job, p, cache=False) for p in params))  # warm
        bot_rounds = [await _batch(pool, compose_job, batch)]
        figures.update(_peak_memory(pool, "rss"))
        # Fill the line: every worker busy and the whole queue waiting (8-bar melodies).
        short = [params[k % len(params)].replace(bars=8, seed=1500 + k) for k in range(200)]
        full = short[: pool.workers + pool.queue_size]
        elapsed, lags = await loop_lag_while(
            asyncio.gather(*(pool.submit(compose_job, p, cache=False) for p in full))
        )
        figures["full_jobs"] = len(full)
        figures["full_throughput"] = len(full) / elapsed
        figures["lag_p99_full"] = statistics.quantiles(lags, n=100)[98]
        figures["lag_max_full"] = max(lags)
        new_rounds = [await _batch(pool, new_path_job, batch)]
        await asyncio.gather(*(pool.submit(old_path_job, p, cache=False) for p in params))
        old_rounds = [await _batch(pool, old_path_job, batch)]
        for _ in range(ROUNDS - 1):
            bot_rounds.append(await _batch(pool, compose_job, batch))
            new_rounds.append(await _batch(pool, new_path_job, batch))
            old_rounds.append(await _batch(pool, old_path_job, batch))
        figures.update(_peak_memory(pool, "rss_end"))
        for prefix, rounds in (("new", new_rounds), ("old", old_rounds), ("bot", bot_rounds)):
            figures.update({f"{prefix}_{k}": v for k, v in _combined(rounds).items()})
        figures.update(await _latencies(pool, melodies, soundfont))
        dry = [await pool.submit(render_dry_job, m, cache=False) for m in melodies]
        room = [await pool.submit(render_room_job, m, cache=False) for m in melodies]
        figures["render_dry"] = statistics.median(dry)
        figures["render_room"] = statistics.median(room)
    return figures
