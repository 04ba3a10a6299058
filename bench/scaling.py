"""Scale-out bench: the Redis job queue against the local worker pool.

    nice -n 10 .venv/bin/python bench/scaling.py [--jobs 32] [--no-write]
    nice -n 10 .venv/bin/python bench/scaling.py --votes [--no-write]

Prints and records in bench/RESULTS.md (section "## Scaling"):
- throughput (jobs/s) of `--jobs` 8-bar /melody jobs submitted at once, through 1 and 2
  `melodybot worker` processes on a real redis-server, and through the local pool with
  2 workers; with the CPU-seconds of every process involved, so figures from a shared
  machine can be compared by ratio;
- the queue's overhead per job (ms): median latency of a tiny job (1 bar, no audio)
  through the queue minus the same job run directly in this process.

`--votes` measures vote commits per second on PostgreSQL against SQLite instead
(bench/scaling_votes.py; section "## Scaling: vote commits").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402
from bench.scaling_votes import measure_votes, votes_section  # noqa: E402
from bot.runtime.jobs import Output, compose_job  # noqa: E402
from bot.runtime.pool import WorkerPool  # noqa: E402
from bot.runtime.redis_queue import RedisQueueRunner  # noqa: E402
from engine.params.melody import MelodyParams  # noqa: E402

MELODYBOT = Path(sys.executable).with_name("melodybot")
TICKS = os.sysconf("SC_CLK_TCK")
JOB = MelodyParams(bars=8)
TINY = MelodyParams(bars=1)
OVERHEAD_JOBS = 20
NO_AUDIO = Output.MIDI  # compose_job's `output`, passed positionally as the queue sends it


def cpu_seconds(pid: int) -> float:
    """User + system CPU-seconds of a live process (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_redis(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """redis-server on 127.0.0.1:`port`, answering PING."""
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    while (
        subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, check=False
        ).stdout.strip()
        != b"PONG"
    ):
        time.sleep(0.05)
    return server


def start_worker(url: str, folder: Path) -> subprocess.Popen[bytes]:
    log = folder / f"worker-{time.monotonic_ns()}.log"
    env = dict(os.environ, JOB_QUEUE_URL=url)
    with log.open("wb") as out:
        worker = subprocess.Popen([str(MELODYBOT), "worker"], env=env, cwd=folder, stderr=out)
    while b"queue worker warm" not in log.read_bytes():
        if worker.poll() is not None:
            raise RuntimeError(log.read_text())
        time.sleep(0.1)
    return worker


async def burst(runner: WorkerPool | RedisQueueRunner, jobs: int) -> float:
    """Seconds to finish `jobs` 8-bar melodies submitted at once."""
    started = time.perf_counter()
    await asyncio.gather(
        *(runner.submit(compose_job, JOB.replace(seed=i), cache=False) for i in range(jobs))
    )
    return time.perf_counter() - started


async def queue_run(url: str, folder: Path, workers: int, jobs: int) -> dict[str, float]:
    procs = [start_worker(url, folder) for _ in range(workers)]
    try:
        before = sum(cpu_seconds(p.pid) for p in procs) + own_cpu()
        async with RedisQueueRunner(url, queue_size=jobs + 1) as runner:
            seconds = await burst(runner, jobs)
        cpu = sum(cpu_seconds(p.pid) for p in procs) + own_cpu() - before
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(15)
    return {"seconds": seconds, "cpu": cpu}


async def pool_run(jobs: int) -> dict[str, float]:
    async with WorkerPool(2, queue_size=jobs + 1) as pool:
        before = sum(cpu_seconds(pid) for pid in pool.worker_pids()) + own_cpu()
        seconds = await burst(pool, jobs)
        cpu = sum(cpu_seconds(pid) for pid in pool.worker_pids()) + own_cpu() - before
    return {"seconds": seconds, "cpu": cpu}


async def overhead_ms(url: str, folder: Path) -> float:
    """Median queue latency minus median direct run time of a tiny job, in ms."""
    direct = []
    for seed in range(OVERHEAD_JOBS):
        started = time.perf_counter()
        compose_job(TINY.replace(seed=seed), 0, NO_AUDIO)
        direct.append(time.perf_counter() - started)
    worker = start_worker(url, folder)
    queued = []
    try:
        async with RedisQueueRunner(url) as runner:
            for seed in range(OVERHEAD_JOBS):
                started = time.perf_counter()
                await runner.submit(compose_job, TINY.replace(seed=seed), 0, NO_AUDIO)
                queued.append(time.perf_counter() - started)
    finally:
        worker.terminate()
        worker.wait(15)
    return 1000 * (statistics.median(queued) - statistics.median(direct))


async def measure(jobs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        server = start_redis(folder, port)
        url = f"redis://127.0.0.1:{port}/0"
        try:
            load_before = os.getloadavg()[0]
            results = {
                "pool (2 local workers)": await pool_run(jobs),
                "queue, 1 worker": await queue_run(url, folder, 1, jobs),
                "queue, 2 workers": await queue_run(url, folder, 2, jobs),
            }
            overhead = await overhead_ms(url, folder)
        finally:
            server.terminate()
            server.wait(10)
    return {"results": results, "overhead": overhead, "load": (load_before, os.getloadavg()[0])}


def section(figures: dict[str, Any], jobs: int) -> str:
    results = figures["results"]
    base = results["pool (2 local workers)"]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = "\n".join(
        f"| {name} | {r['seconds']:.2f} | {jobs / r['seconds']:.2f} | "
        f"{base['seconds'] / r['seconds']:.2f} | {r['cpu']:.1f} | {r['cpu'] / jobs * 1000:.0f} |"
        for name, r in results.items()
    )
    load = figures["load"]
    return f"""## Scaling

Queue vs local pool ({stamp}, {platform.machine()}, {os.cpu_count()} cores shared with
other developers' work: load average {load[0]:.1f} before, {load[1]:.1f} after; Python
{platform.python_version()}); {jobs} /melody jobs of 8 bars with audio, submitted at once.
CPU-seconds count the workers, the submitting process (and not redis-server).

| runner | wall s | jobs/s | speed vs pool | CPU-s | CPU-ms/job |
|---|---|---|---|---|---|
{rows}

Queue overhead per job: {figures["overhead"]:.0f} ms (median latency of a 1-bar job without
audio through Redis and one warm worker, minus the same job run directly; most of it is
the 50 ms polling of `RedisQueueRunner` and the worker).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=32)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--votes", action="store_true", help="vote commits/s, PostgreSQL and SQLite"
    )
    args = parser.parse_args()
    if args.votes:
        text = votes_section(measure_votes())
    else:
        text = section(asyncio.run(measure(args.jobs)), args.jobs)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
