"""Audio and pictures for `melodybot generate`: `<slug>.mp3`, the piano roll `<slug>.png` and
the score `<slug>.score.png` (pages `-2`, `-3`, … after the first) beside its MIDI.

With an MP3, one melody is rendered in this process; several are rendered in one
warm `WorkerPool` using every core, each worker loading the SoundFont once.
Pictures alone need no SoundFont and are drawn in this process.

Public API: `write_audio`, `soundfont_or_error`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

from bot.errors import UserError
from bot.runtime.jobs import Output, Rendered, Voices, init_worker, render_job
from bot.runtime.pool import WorkerPool
from bot.runtime.score_step import pictures_of
from engine.audio.soundfont import find_soundfont
from engine.errors import SoundFontMissing
from engine.melody import Melody

# render_job's `voices`: the CLI's files carry the chord track too, as composed.
CLI_VOICES = Voices.WITH_CHORDS
CLI_OUTPUT = Output.AUDIO_ALL  # both pictures: --formats may ask for png and score


async def _render_in_pool(melodies: Sequence[Melody], soundfont: Path) -> list[Rendered]:
    workers = min(len(melodies), os.cpu_count() or 1)
    async with WorkerPool(
        workers=workers,
        soundfont=soundfont,
        queue_size=len(melodies),
        cache_entries=0,
        job_timeout=120.0,
    ) as pool:
        return list(
            await asyncio.gather(
                *(
                    pool.submit(render_job, melody, CLI_VOICES, CLI_OUTPUT, cache=False)
                    for melody in melodies
                )
            )
        )


def render_all(melodies: Sequence[Melody], soundfont: Path) -> list[Rendered]:
    """Render every melody with its chords: in-process for one, else in a warm pool."""
    if len(melodies) == 1:
        init_worker(soundfont)
        return [render_job(melodies[0], CLI_VOICES, CLI_OUTPUT)]
    return asyncio.run(_render_in_pool(melodies, soundfont))


def soundfont_or_error(soundfont: Path | None = None) -> Path:
    """The SoundFont to use; a missing one is a `UserError` whose one line says how to fix it."""
    try:
        return find_soundfont(soundfont)
    except SoundFontMissing as error:
        raise UserError(str(error)) from None


def _drawn(melodies: Sequence[Melody], soundfont: Path | None) -> list[tuple[bytes | None, ...]]:
    """(mp3, piano roll, score pages…) per melody: rendered with a SoundFont, else drawn."""
    if soundfont is not None:
        return [(r.mp3, r.png, *r.score) for r in render_all(melodies, soundfont)]
    drawn = [pictures_of(melody, pianoroll=True) for melody in melodies]
    return [(None, d.pianoroll, *d.score) for d in drawn]


def write_audio(
    melodies: Sequence[Melody],
    out_dir: Path,
    stems: Sequence[str],
    soundfont: Path | None,
    formats: Sequence[str] = ("mp3", "png"),
) -> list[dict[str, str]]:
    """Write the chosen of `<stem>.mp3`, `<stem>.png` and `<stem>.score.png` per melody
    (an MP3 needs `soundfont`); return {format: path} for each melody."""
    written = []
    for (mp3, png, *score), stem in zip(_drawn(melodies, soundfont), stems, strict=True):
        # (format, key in the summary, file suffix, bytes); score pages after the first: -2, -3…
        outputs = [("mp3", "mp3", "mp3", mp3), ("png", "png", "png", png)]
        outputs += [
            ("score", "score", "score.png", page) if n == 1 else
            ("score", f"score-{n}", f"score-{n}.png", page)
            for n, page in enumerate(score, start=1)
        ]  # fmt: skip
        files = {}
        for kind, key, suffix, data in outputs:
            if data is not None and kind in formats:
                path = out_dir / f"{stem}.{suffix}"
                path.write_bytes(data)
                files[key] = str(path)
        written.append(files)
    return written
