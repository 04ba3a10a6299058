"""The Audio section of bench/RESULTS.md, from the figures bench/render.py measured."""

from __future__ import annotations

import os
import platform
import statistics
import time
from typing import Any

SECTION = "## Audio"


def summary(values: list[float]) -> str:
    """Mean (min–max) of a list of figures, two decimals."""
    return f"{statistics.mean(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def _verdict(*, met: bool) -> str:
    return "met" if met else "not met"


Row = tuple[str, str, str]


def _rss(f: dict[str, float], prefix: str) -> float:
    """Peak RSS of the bot's side, the workers and the forkserver together, MiB."""
    return f[f"{prefix}_bot"] + f[f"{prefix}_workers"] + f[f"{prefix}_forkserver"]


def _targets(f: dict[str, float], context: dict[str, Any]) -> str:
    """The paragraph reading this run's targets against the load it ran under."""
    load = f"{context['load_before']:.1f} → {context['load_after']:.1f}"
    return f"""Targets in this run (load {load}):
- Throughput is decided by CPU per job when the cores are ours: the bot's job's
  {f["bot_cpu_per_job"]:.2f} CPU-s allows {2 / f["bot_cpu_per_job"]:.1f} melodies/s on two
  free cores (new path without the score {2 / f["new_cpu_per_job"]:.1f}, old
  {2 / f["old_cpu_per_job"]:.1f}); the measured {f["bot_throughput"]:.2f}/s is what the share
  of two cores left by other developers' work allowed to this run at niceness
  {context["nice"]} (old path {f["old_throughput"]:.2f}/s in the same rounds,
  ×{f["bot_throughput"] / f["old_throughput"]:.2f}).
- Peak memory: a worker imports matplotlib only when it first draws a piano roll
  (`picture:pianoroll`, the CLI); the end-of-run figure is a pool whose workers have
  all drawn piano rolls and built the old path's second renderer."""


def _rows(f: dict[str, float], q: dict[str, Any], stages: dict[str, float]) -> list[Row]:
    ours, ffmpeg = q["results"]["ours"], q["results"]["ffmpeg"]
    snr_gap = [a - b for a, b in zip(ours["snr"], ffmpeg["snr"], strict=True)]
    formats = sorted(set(ours["format"]) | set(ffmpeg["format"]))
    new_stages = {k: v for k, v in stages.items() if not k.startswith("old:")}
    total = sum(new_stages.values())
    breakdown = ", ".join(f"{k} {v:.3f} s ({v / total:.0%})" for k, v in new_stages.items())
    old_render, old_mp3 = (
        stages["old: render (reverb engine on)"],
        stages["old: MP3 (pydub+ffmpeg)"],
    )
    old_total = total - stages["render (dry)"] - stages["MP3 (lameenc)"] + old_render + old_mp3
    rss = _rss(f, "rss")
    jobs = f["jobs"]
    return [
        (
            f"**CPU per full job**, {jobs:.0f} at once (worker CPU-s incl. ffmpeg, mean of 2 "
            "rounds): old → new",
            f"{f['old_cpu_per_job']:.3f} → **{f['new_cpu_per_job']:.3f} s** "
            f"(×{f['new_cpu_per_job'] / f['old_cpu_per_job']:.2f})",
            f"≤ 0.6 s: {_verdict(met=f['new_cpu_per_job'] <= 0.6)}",
        ),
        (
            f"**throughput, {jobs:.0f} full 16-bar jobs at once** (best of 2 alternating rounds): "
            "old → new",
            f"{f['old_throughput']:.2f} → **{f['new_throughput']:.2f} melodies/s** "
            f"(×{f['new_throughput'] / f['old_throughput']:.2f})",
            f"≥ 3/s: {_verdict(met=f['new_throughput'] >= 3)}",
        ),
        (
            "throughput the CPU per job allows on 2 cores of our own: old → new",
            f"{2 / f['old_cpu_per_job']:.2f} → {2 / f['new_cpu_per_job']:.2f} melodies/s",
            "",
        ),
        (
            "**the bot's whole job today** (new audio + the score as its picture, no piano "
            f"roll): CPU per job (mean of 2 rounds), throughput (best of 2), {jobs:.0f} at once",
            f"**{f['bot_cpu_per_job']:.3f} s, {f['bot_throughput']:.2f} melodies/s** "
            f"(the CPU allows {2 / f['bot_cpu_per_job']:.2f}/s on 2 free cores)",
            f"≤ 0.6 s: {_verdict(met=f['bot_cpu_per_job'] <= 0.6)}; "
            f"≥ 3/s: {_verdict(met=f['bot_throughput'] >= 3)}",
        ),
        ("event-loop lag p99 during the new batch", f"{f['new_lag_p99']:.1f} ms", "< 20 ms"),
        (
            f"event-loop lag p99 with the queue full ({f['full_jobs']:.0f} 8-bar jobs of the bot: "
            "all workers busy, every place in the line taken), and that queue's throughput",
            f"{f['lag_p99_full']:.1f} ms (max {f['lag_max_full']:.1f} ms), "
            f"{f['full_throughput']:.2f} melodies/s",
            f"< 20 ms: {_verdict(met=f['lag_p99_full'] < 20)}",
        ),
        (
            "single full job alone, median: old → new (the bot's whole job today)",
            f"{f['old_full']:.3f} → {f['new_full']:.3f} s ({f['full']:.3f} s)",
            "",
        ),
        ("peer: `fluidsynth -ni -F` + `ffmpeg -b:a 128k`, median", f"{f['peer']:.3f} s", ""),
        (
            "**render + encode / peer**, the bot's MP3 (192k, -q 7)",
            f"{f['bot']:.3f} s → **{f['bot'] / f['peer']:.2f}**",
            f"≤ 0.35: {_verdict(met=f['bot'] / f['peer'] <= 0.35)}",
        ),
        (
            "render + encode / peer, the peer's MP3 settings (128k, LAME's default -q 3)",
            f"{f['same']:.3f} s → {f['same'] / f['peer']:.2f}",
            "",
        ),
        (
            "FluidSynth alone, median CPU-s: dry (the bot) vs reverb engine on (old; a room sound)",
            f"{f['render_dry']:.3f} vs {f['render_room']:.3f} s "
            f"(room ×{f['render_room'] / f['render_dry']:.2f})",
            "",
        ),
        (
            "CPU per stage, new path, in-process, mean of 5 melodies",
            f"{breakdown}; total {total:.3f} s (old path: render {old_render:.3f} s, MP3 "
            f"{old_mp3:.3f} s, total {old_total:.3f} s)",
            "",
        ),
        (
            "MP3 encode CPU per melody: lameenc vs pydub+ffmpeg (same settings)",
            f"{statistics.mean(ours['cpu']):.3f} vs {statistics.mean(ffmpeg['cpu']):.3f} s",
            "",
        ),
        (
            "quality guard: SNR vs the PCM, dB, mean (min–max): lameenc / ffmpeg",
            f"{summary(ours['snr'])} / {summary(ffmpeg['snr'])}; "
            f"worst lameenc − ffmpeg {min(snr_gap):+.2f} dB",
            f"within 1 dB: {_verdict(met=min(snr_gap) >= -1)}",
        ),
        (
            "quality guard: encoder low-pass on noise: lameenc / ffmpeg",
            f"{q['lowpass_ours'] / 1000:.2f} / {q['lowpass_ffmpeg'] / 1000:.2f} kHz",
            f"≥ 16 kHz: {_verdict(met=q['lowpass_ours'] >= 16_000)}",
        ),
        (
            "quality guard: melodies' top end kept (bands with content, kHz): lameenc / ffmpeg",
            f"{summary([b / 1000 for b in ours['bandwidth']])} / "
            f"{summary([b / 1000 for b in ffmpeg['bandwidth']])}",
            "",
        ),
        (
            "quality guard: (bit rate, sample rate) of every MP3, both encoders",
            ", ".join(f"{int(b) // 1000} kbit/s, {r} Hz" for b, r in formats),
            f"the same: {_verdict(met=len(formats) == 1)}",
        ),
        (
            "**peak RSS after the bot's batch**: bot / workers (sum) / forkserver (workers hold "
            "the score's engraver, not matplotlib)",
            f"{f['rss_bot']:.0f} / {f['rss_workers']:.0f} / {f['rss_forkserver']:.0f} MiB "
            f"= **{rss:.0f} MiB**",
            f"≤ 726 MiB: {_verdict(met=rss <= 726)}",
        ),
        (
            "peak RSS at the end (workers have drawn piano rolls too and built the old path's "
            "renderer): bot / workers / forkserver",
            f"{f['rss_end_bot']:.0f} / {f['rss_end_workers']:.0f} / "
            f"{f['rss_end_forkserver']:.0f} MiB = {_rss(f, 'rss_end'):.0f} MiB",
            "",
        ),
        (
            "pool start (forkserver, imports, SoundFont per worker)",
            f"{f['pool_start_s']:.2f} s",
            "",
        ),
        (
            "longest allowed melody (64 bars 4/4 at 40 BPM): MP3 size, bitrate, length",
            f"{f['longest_bytes'] / 2**20:.2f} MiB, {f['longest_kbps']:.0f} kbit/s, "
            f"{f['longest_seconds']:.0f} s",
            f"≤ 10 MiB: {_verdict(met=f['longest_bytes'] <= 10 * 2**20)}",
        ),
    ]


def section(
    f: dict[str, float], q: dict[str, Any], stages: dict[str, float], context: dict[str, Any]
) -> str:
    """The whole `## Audio` section: context, the table, and `context["findings"]`."""
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in _rows(f, q, stages))
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return f"""{SECTION}

`bench/render.py --jobs {f["jobs"]:.0f}`, {stamp}, {platform.machine()}, {os.cpu_count()} cores,
Python {platform.python_version()}, SoundFont `{context["soundfont"]}`, {f["workers"]:.0f} workers.
1-minute load average before / after: {context["load_before"]:.2f} / {context["load_after"]:.2f}.
The two cores are shared with other developers' work: read CPU-seconds and the
old → new ratios of this same run rather than wall times. "Old" is the bot's
job before issue 15 (reverb engine on, MP3 through pydub + ffmpeg), measured in
the same workers. Ten 16-bar melodies (ten moods; median {context["median_seconds"]:.1f} s
of music).

| measure | figure | target |
|---|---|---|
{table}

{_targets(f, context)}

{context["findings"]}"""
