"""Process measures for the audio bench: CPU seconds, peak memory, event-loop lag, the peer.

Figures come from /proc, so they count what the processes really used on this
shared machine: CPU-seconds (user + system, reaped children included) rather
than wall time, and peak resident set size (VmHWM).
"""

from __future__ import annotations

import asyncio
import os
import resource
import subprocess
import time
from collections.abc import Awaitable
from pathlib import Path

from bench.render_jobs import PEER_BITRATE
from engine.melody import Melody
from engine.midi import to_midi_bytes


def own_cpu_seconds() -> float:
    """CPU seconds of this process and its reaped children (ffmpeg, fluidsynth)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of the processes and their reaped children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return total / ticks


def peak_rss_mib(pids: list[int]) -> float:
    """Sum of peak resident set sizes (VmHWM) of the processes, MiB (shared pages counted twice)."""
    total_kib = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def parent_of(pid: int) -> int | None:
    """The parent process id of `pid`, None if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:")), None
    )


async def loop_lag_while(work: Awaitable[object]) -> tuple[float, list[float]]:
    """Run `work` while a ticker measures event-loop lag (ms); returns (seconds, lags)."""
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        interval = 0.005
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(interval)
            lags.append((time.perf_counter() - before - interval) * 1000)

    tick = asyncio.create_task(ticker())
    start = time.perf_counter()
    await work
    elapsed = time.perf_counter() - start
    done.set()
    await tick
    return elapsed, lags


def peer_seconds(melody: Melody, soundfont: Path, folder: Path) -> float:
    """Wall seconds for `fluidsynth -ni -F` then `ffmpeg -b:a 128k` on one melody's MIDI file."""
    mid, wav, mp3 = (folder / f"peer.{ext}" for ext in ("mid", "wav", "mp3"))
    mid.write_bytes(to_midi_bytes(melody))
    start = time.perf_counter()
    subprocess.run(
        ["fluidsynth", "-ni", "-F", str(wav), str(soundfont), str(mid)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-loglevel",
            "error",
            "-i",
            str(wav),
            "-b:a",
            f"{PEER_BITRATE}k",
            str(mp3),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start
