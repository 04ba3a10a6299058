"""Audio benchmark: the bot's render + MP3 path, old (before issue 15) against new.

Run: .venv/bin/python bench/render.py [--jobs N] [--no-write]   (about three minutes)

Prints, and records in the "## Audio" section of bench/RESULTS.md unless --no-write:
- CPU per full 16-bar job and throughput with N jobs submitted at once, for the old
  path (reverb engine on, MP3 through pydub + ffmpeg) and the new one, same run;
- render + encode against the peer pipeline (`fluidsynth -F` then `ffmpeg`);
- FluidSynth dry vs with the reverb engine on (the cost of a room sound);
- the MP3 quality guard: lameenc vs ffmpeg at 192k -q 7 on ten melodies;
- CPU per stage, peak memory of the bot and its workers, the longest melody's size.

Modules: render_jobs (melodies, worker jobs), render_measure (/proc figures, the
peer), render_pool (figures through a warm pool), render_quality (quality guard,
in-process CPU), render_report (the section's text).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402
from bench.render_jobs import ten_melodies  # noqa: E402
from bench.render_pool import pool_figures  # noqa: E402
from engine.audio.soundfont import find_soundfont  # noqa: E402

DEFAULT_JOBS = 16

FINDINGS = """Findings and decisions (issue 15):
- Reverb: the bot's reverb was silent. Draining the reverb between melodies went through
  pyfluidsynth's `set_reverb(roomsize, damping)`, which passes −1 for width and level and
  FluidSynth applied them: level 0 from the first melody on. So the engine cost a quarter
  of rendering for nothing: today's renders with it on vs the new dry renderer (reverb and
  chorus engines off, no drain) differ by −124 to −131 dB relative on the ten melodies
  (fresh renderers, 2026-11-28; the earlier "−15 to −23 dB" compared against a synth whose
  level had not been zeroed). A room sound is now an explicit choice,
  `Renderer(reverb_send=0…127)` (CC 91 on top of FluidR3's own sends; the drain keeps the
  level): its cost is the "reverb engine on" row. Chorus with CC 93 at 0 was bit-identical
  to none: off. The renderer now also starts each melody on a FluidSynth block boundary,
  so a warm renderer renders a melody the same way whatever came before (it did not).
- Encoder, by measurement on the ten melodies (192k -q 7, 2026-11-28, load ≈ 2): lameenc
  0.14–0.16 CPU-s per melody, a ctypes binding to Debian's libmp3lame fed float PCM (with
  the LAME Info frame) 0.18–0.20, pydub + ffmpeg 0.29; SNR 29.92 / 29.97 / 29.97 dB mean.
  lameenc meets the quality guard (rows above) and is a maintained binding, so the bot
  uses it; its ID3 title is written by engine/audio/id3.py. It writes no Info frame:
  players start with LAME's 25 ms delay and take a CBR file's length from its size.
- The two-halves split (engine/audio/mp3frames.py) is deleted: in-process, two threads
  encoded a 32 s melody in 0.088 s wall against 0.169 s for one, for the same CPU, but
  only when a core is idle (never in the batch above, where throughput is decided),
  and the joined file could carry no Info frame.
- Loudness stays exact and two-pass: streaming rendered blocks into the encoder with a
  predicted gain saves no CPU (error SD 0.39 LU, worst 1.0 LU, issue 15).
- Another full run of this script the same morning (10:26 UTC, load 3.6 → 4.1, nice 10):
  16 jobs at once 3.18 → 3.67 melodies/s, CPU per job 0.584 → 0.408 s, render + encode /
  peer 0.28, peak RSS 743 MiB: wall-clock throughput follows the others' load.
- The score in the job (second round of issues 13/15): the bot's job now engraves only
  the score as its picture; the piano roll is drawn only for `picture:pianoroll` (a job
  argument, `Output.AUDIO_PIANOROLL`, carried by Discord's New/Variation buttons) and the
  CLI, and matplotlib is no longer preloaded in the forkserver nor imported at worker
  start. Before these changes, same script at 11:10 UTC (load 2.2 → 2.0, nice 10): bot's
  job 0.714 CPU-s and 1.07 melodies/s (one round, score + piano roll), new path without
  the score 0.590 s, old 0.810 s; peak RSS 91 / 535 / 115 = 741 MiB. Where the score's
  ~0.11 CPU-s goes (16 bars, in-process): verovio's SVG ~25 ms, resvg ~95 ms, of which
  ~25 ms reading the SVG and laying out its text, ~20 ms filling and PNG-encoding the
  1200-px-wide RGBA page (a blank page of that size costs as much) and the rest
  anti-aliased rasterising. resvg_py offers no PNG compression setting, and loading only
  the two fonts the page uses (`skip_system_fonts`) gave identical pixels at the same CPU,
  so the engraving stays as it is. Memory: mastering and LAME now work on one copy of
  the melody (limiter and fade in place, K-weighting a channel at a time, int16 fed to
  LAME in 4 s chunks; the same MP3 bytes): a worker's peak after ten 16-bar jobs went
  from 291 to 271 MiB (in-process, VmHWM). The largest memory item per process is scipy.signal
  (~48 MiB of VmHWM, for the K-weighting filter and pyloudnorm); replacing it by FFT
  filtering in numpy would cost more CPU than the job can spare.
- Before issue 15 (this section, 2026-11-28 08:55 UTC, load 5.26): render + encode / peer
  0.57, 16 jobs 1.35 melodies/s, 0.635 CPU-s per job, peak RSS 691 MiB; on a quiet day
  (2026-11-24, load 0.5) 0.81 CPU-s per job and 1.66/s."""


def parse_arguments() -> argparse.Namespace:
    """`--help` describes the benchmark without running it."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join((__doc__ or "").split("\n\n")[1:]),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=DEFAULT_JOBS,
        help=f"full 16-bar jobs submitted at once for throughput (default {DEFAULT_JOBS})",
    )
    parser.add_argument(
        "--no-write",
        dest="write",
        action="store_false",
        help="print the figures without replacing the Audio section of bench/RESULTS.md",
    )
    arguments = parser.parse_args()
    if arguments.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {arguments.jobs}")
    return arguments


def main() -> None:
    arguments = parse_arguments()
    load_before = os.getloadavg()[0]
    soundfont = find_soundfont()
    melodies = ten_melodies()
    figures = asyncio.run(pool_figures(melodies, soundfont, arguments.jobs))
    figures["jobs"] = arguments.jobs
    # Imported after the pool's figures, so the bench process (the bot's side, whose peak
    # memory is measured) does not hold matplotlib and the decoders the guard needs.
    from bench.render_quality import cpu_breakdown, longest_melody, quality_guard
    from bench.render_report import section

    quality = quality_guard(melodies, soundfont)
    stages = cpu_breakdown(melodies[:5], soundfont)
    size, kbps, seconds = longest_melody(soundfont)
    figures.update(longest_bytes=size, longest_kbps=kbps, longest_seconds=seconds)
    context = {
        "soundfont": soundfont.name,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "nice": os.nice(0),
        "median_seconds": statistics.median(m.duration_seconds for m in melodies),
        "findings": FINDINGS,
    }
    text = section(figures, quality, stages, context)
    print(text)
    if arguments.write:
        write_section(text)


if __name__ == "__main__":
    main()
