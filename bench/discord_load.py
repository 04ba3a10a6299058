"""Discord under load: 32 `/melody` interactions (16 bars) at once through the loopback fake.

The real bot (discord.py over HTTP and a websocket on 127.0.0.1) runs with the real
worker pool (FluidSynth, ffmpeg). Printed and written to bench/RESULTS.md under "## Discord":

- acknowledgement latency (interaction dispatched -> callback received), p50 and p99, in ms;
  target p99 <= 500 ms, Discord's deadline being 3 s;
- time to the posted follow-up (dispatched -> follow-up with attachments received), p50, p95;
- throughput in melodies per second (32 / first dispatch to last follow-up);
- peak RSS of the bot process plus its worker processes, in MiB, sampled every 50 ms.

Run: .venv/bin/python bench/discord_load.py [--count 32] [--bars 16]
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import discord.gateway  # noqa: E402  (after the path setup, so bench runs from anywhere)
import discord.http  # noqa: E402
from _results import load_bench_main, percentile  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.frontends.discord import serve  # noqa: E402
from bot.wiring import open_services, worker_pool  # noqa: E402
from tests.fakes.discord_api import FakeDiscord  # noqa: E402

HEADING = "## Discord"
RSS_SAMPLE_SECONDS = 0.05


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                stack.append(child)
    return found


async def _sample_peak_rss(stop: asyncio.Event, peak: list[int]) -> None:
    """Peak of (this process + all its descendants) RSS, in bytes, into peak[0]."""
    me = os.getpid()
    while not stop.is_set():
        total = _rss_bytes(me) + sum(_rss_bytes(p) for p in _descendants(me))
        peak[0] = max(peak[0], total)
        await asyncio.sleep(RSS_SAMPLE_SECONDS)


async def run(count: int, bars: int) -> dict[str, float]:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            discord_token=SecretStr("bench.fake.token"),
            _env_file=None,
            cache_entries=0,
            cooldown_uses=1000,
            cooldown_seconds=1,
            database_path=Path(folder) / "bench.db",
        )
        async with (
            worker_pool(settings) as pool,
            open_services(pool, settings) as services,
            FakeDiscord() as fake,
        ):
            discord.http.Route.BASE = fake.api_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = fake.gateway_url
            stop_bot, stop_sampler, peak = asyncio.Event(), asyncio.Event(), [0]
            bot = asyncio.create_task(serve(services, stop_bot))
            await fake.wait_ready()
            sampler = asyncio.create_task(_sample_peak_rss(stop_sampler, peak))
            sent = await asyncio.gather(
                *(
                    fake.slash(
                        "melody",
                        {"bars": bars, "seed": 1000 + i},
                        member=fake.member(10_000 + i, f"member{i}"),
                    )
                    for i in range(count)
                )
            )
            await asyncio.gather(*(fake.wait_for_followup(s, timeout=600) for s in sent))
            stop_sampler.set()
            await sampler
            stop_bot.set()
            await bot
    acks = [(s.callback.received_at - s.dispatched_at) * 1000 for s in sent]
    done = [(s.followups[0].received_at - s.dispatched_at) for s in sent]
    started = min(s.dispatched_at for s in sent)
    finished = max(s.followups[0].received_at for s in sent)
    with_audio = sum(any(f.filename.endswith(".mp3") for f in s.followups[0].files) for s in sent)
    return {
        "ack_p50_ms": percentile(acks, 50),
        "ack_p99_ms": percentile(acks, 99),
        "followup_p50_s": percentile(done, 50),
        "followup_p95_s": percentile(done, 95),
        "throughput_per_s": count / (finished - started),
        "peak_rss_mib": peak[0] / 2**20,
        "workers": settings.workers,
        "with_audio": with_audio,
        "count": count,
        "bars": bars,
        "position_edits": sum(len(s.edits) for s in sent),
        "load_before": load_before,
    }


def _section(figures: dict[str, float]) -> str:
    target = "met" if figures["ack_p99_ms"] <= 500 else "MISSED"
    return (
        f"{HEADING}\n\n"
        f"`bench/discord_load.py`: {figures['count']:.0f} `/melody` interactions of "
        f"{figures['bars']:.0f} bars dispatched at once through the loopback Discord "
        f"(`tests/fakes/discord_api.py`) to the real bot and pool "
        f"({figures['workers']:.0f} workers, cache off), on {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d', time.gmtime())}; "
        f"1-minute load average before the run {figures['load_before']:.1f} (the cores are "
        "shared, so follow-up times and throughput depend on other load; the acknowledgement "
        "does not wait for the pool). The fake runs in the bot's process and event loop, so "
        "its own work is inside these latencies. Queue positions are edited into the deferred "
        "message at most every 2 s per interaction.\n\n"
        "| figure | value |\n|---|---|\n"
        f"| acknowledgement latency p50 | {figures['ack_p50_ms']:.0f} ms |\n"
        f"| acknowledgement latency p99 (target ≤ 500 ms: {target}) | "
        f"{figures['ack_p99_ms']:.0f} ms |\n"
        f"| time to follow-up p50 | {figures['followup_p50_s']:.1f} s |\n"
        f"| time to follow-up p95 | {figures['followup_p95_s']:.1f} s |\n"
        f"| throughput | {figures['throughput_per_s']:.2f} melodies/s |\n"
        f"| peak RSS, bot + workers | {figures['peak_rss_mib']:.0f} MiB |\n"
        f"| follow-ups with MP3 | {figures['with_audio']:.0f} of {figures['count']:.0f} |\n"
        f"| queue-position edits of the deferred messages | {figures['position_edits']:.0f} |\n"
    )


if __name__ == "__main__":
    load_bench_main(__doc__, run, _section)
