"""Score picture speed: melody → MusicXML → verovio SVG → PNG, for 16 and 64 bars.

    .venv/bin/python bench/score.py [--runs 15] [--no-write]

Prints, per length, the median and 90th percentile over `--runs` seeds of each
stage and of the whole, in wall and in CPU time (the machine's cores are shared,
so CPU time is the figure that does not depend on others' load; first call
excluded: it loads verovio's fonts), the page
count and PNG size; then a whole `/melody` job of 16 bars (compose, MIDI, audio,
MP3, and the piano roll + score + ABC + MusicXML drawn in a thread beside the
encoding), to show what the score adds to the wait. Target: the score of 16 bars
in at most 150 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine_results import write_block

from bot.runtime.score_step import SCORE_LIMITS
from engine.compose.composer import compose
from engine.melody import Melody
from engine.notation.musicxml import to_musicxml
from engine.params.melody import MelodyParams
from engine.picture import score

TARGET_16_BARS_MS = 150.0


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _summary(values: list[float]) -> str:
    p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
    return f"median {statistics.median(values):.0f} ms, p90 {p90:.0f} ms"


def time_score(bars: int, runs: int) -> dict[str, list[float]]:
    """Milliseconds of each stage per seed, and the PNG sizes and page counts."""
    page_height = SCORE_LIMITS.max_height_px(score.WIDTH_PX)
    stages: dict[str, list[float]] = {k: [] for k in ("musicxml", "svg", "png", "total", "cpu")}
    stages.update(pages=[], kib=[])
    for seed in range(runs):
        melody: Melody = compose(MelodyParams(bars=bars, seed=20_000 + seed))
        started = time.perf_counter()
        musicxml = to_musicxml(melody)
        after_xml = time.perf_counter()
        svgs = score._svg_pages(musicxml, page_height)
        after_svg = time.perf_counter()
        pngs = [score._png(svg, SCORE_LIMITS.max_bytes) for svg in svgs]
        after_png = time.perf_counter()
        stages["musicxml"].append((after_xml - started) * 1000)
        stages["svg"].append((after_svg - after_xml) * 1000)
        stages["png"].append((after_png - after_svg) * 1000)
        cpu_started = time.thread_time()
        stages["total"].append(_ms(lambda m=melody: score.render_score_pngs(m, SCORE_LIMITS)))
        stages["cpu"].append((time.thread_time() - cpu_started) * 1000)
        stages["pages"].append(len(pngs))
        stages["kib"].append(sum(len(p) for p in pngs) / 1024)
    return stages


def time_job(runs: int) -> list[float]:
    """Milliseconds of a whole 16-bar `/melody` job in this process (a warm worker)."""
    from bot.runtime.jobs import compose_job, init_worker
    from engine.audio.soundfont import find_soundfont

    init_worker(find_soundfont())
    return [_ms(lambda s=seed: compose_job(MelodyParams(bars=16, seed=s))) for seed in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    score.render_score_pngs(compose(MelodyParams(bars=2)), SCORE_LIMITS)  # fonts load once
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Score picture speed ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.machine()}, 2 cores shared by other work (load average {load:.1f}), "
        f"Python {platform.python_version()}; verovio {score._toolkit().getVersion()}, resvg-py; "
        f"{args.runs} seeds each)",
        "",
        "| bars | MusicXML | verovio SVG | resvg PNG | whole score (wall) | whole score (CPU) "
        "| pages | PNG size |",
        "|---|---|---|---|---|---|---|---|",
    ]
    medians = {}
    for bars in (16, 64):
        stages = time_score(bars, args.runs)
        medians[bars] = statistics.median(stages["cpu"])  # the load of others left out
        lines.append(
            f"| {bars} | {_summary(stages['musicxml'])} | {_summary(stages['svg'])} | "
            f"{_summary(stages['png'])} | {_summary(stages['total'])} | "
            f"**{_summary(stages['cpu'])}** | "
            f"{max(stages['pages']):.0f} | {statistics.median(stages['kib']):.0f} KiB |"
        )
    job = time_job(max(3, args.runs // 3))
    met = "met" if medians[16] <= TARGET_16_BARS_MS else "not met"
    lines += [
        "",
        f"Target ≤ {TARGET_16_BARS_MS:.0f} ms for 16 bars: {met} (median {medians[16]:.0f} ms "
        "of CPU time; wall time above includes waiting for the shared cores).",
        f"A whole 16-bar /melody job (compose, MIDI, audio, MP3; the score, ABC and MusicXML "
        f"in the picture thread beside the MP3 encoding; no piano roll unless "
        f"`picture:pianoroll`): {_summary(job)} wall.",
        "Before issue 13 there was no score: the job drew only the piano roll (~20 ms). "
        "CPU per job under load, against the 0.6 s target: bench/render.py (Audio).",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_block("score", lines)


if __name__ == "__main__":
    main()
