"""Generation speed: median time to compose 16 and 64 bars on one core.

    .venv/bin/python bench/generate.py [--runs 60]

Prints the model load time and, for each length, the median and 90th
percentile over `--runs` seeds (first call excluded: it loads the model).
Target: 16 bars in at most 50 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine_results import write_block

from engine.compose.composer import compose
from engine.model.melody_model import MODEL_PATH, TrainedModel, load_model
from engine.params.melody import MelodyParams

TARGET_16_BARS_MS = 50.0


def time_compose(bars: int, runs: int) -> list[float]:
    """Milliseconds per composition of `bars` bars, one per seed."""
    timings = []
    for seed in range(runs):
        params = MelodyParams(bars=bars, seed=10_000 + seed)
        started = time.perf_counter()
        compose(params)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    if MODEL_PATH.exists():
        started = time.perf_counter()
        TrainedModel.load(MODEL_PATH)
        load_ms = (time.perf_counter() - started) * 1000
        print(f"model load: {load_ms:.0f} ms ({MODEL_PATH.stat().st_size / 1e6:.2f} MB)")
    print(f"model: {load_model().description}")
    load = os.getloadavg()[0]
    lines = [
        f"Generation speed ({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
        f"{platform.machine()}, {os.cpu_count()} cores shared by other work (load "
        f"average {load:.1f}), Python {platform.python_version()}; model: "
        f"{load_model().description})",
        "",
    ]
    if MODEL_PATH.exists():
        lines.append(
            f"- model file {MODEL_PATH.stat().st_size / 1e6:.2f} MB, "
            f"loads in {load_ms:.0f} ms (target < 200 ms)"
        )
    compose(MelodyParams(bars=4, seed=1))  # warm-up: loads the model
    for bars in (16, 64):
        timings = time_compose(bars, args.runs)
        median = statistics.median(timings)
        p90 = statistics.quantiles(timings, n=10)[-1]
        verdict = ""
        if bars == 16:
            verdict = (
                " (target ≤ 50 ms: " + ("met" if median <= TARGET_16_BARS_MS else "MISSED") + ")"
            )
        line = (
            f"{bars} bars: median {median:.1f} ms, p90 {p90:.1f} ms over {args.runs} seeds{verdict}"
        )
        print(line)
        lines.append(f"- compose {line}")
    if not args.no_write:
        write_block("generate", lines)


if __name__ == "__main__":
    main()
