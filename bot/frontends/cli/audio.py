"""Audio for `melodybot generate`: each melody's `<slug>.mp3` and `<slug>.png` beside its MIDI.

One melody is rendered in this process; several are rendered in one warm
`WorkerPool` using every core, each worker loading the SoundFont once.

Public API: `write_audio`, `soundfont_or_error`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

from bot.errors import UserError
from bot.runtime.jobs import Rendered, Voices, init_worker, render_job
from bot.runtime.pool import WorkerPool
from engine.audio.soundfont import find_soundfont
from engine.errors import SoundFontMissing
from engine.melody import Melody

# render_job's `melody_only`: the CLI's files carry the chord track too, as composed.
CLI_VOICES = Voices.WITH_CHORDS


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
                *(pool.submit(render_job, melody, CLI_VOICES, cache=False) for melody in melodies)
            )
        )


def render_all(melodies: Sequence[Melody], soundfont: Path) -> list[Rendered]:
    """Render every melody with its chords: in-process for one, else in a warm pool."""
    if len(melodies) == 1:
        init_worker(soundfont)
        return [render_job(melodies[0], CLI_VOICES)]
    return asyncio.run(_render_in_pool(melodies, soundfont))


def soundfont_or_error(soundfont: Path | None = None) -> Path:
    """The SoundFont to use; a missing one is a `UserError` whose one line says how to fix it."""
    try:
        return find_soundfont(soundfont)
    except SoundFontMissing as error:
        raise UserError(str(error)) from None


def write_audio(
    melodies: Sequence[Melody], out_dir: Path, stems: Sequence[str], soundfont: Path
) -> list[dict[str, str]]:
    """Write `<stem>.mp3` and `<stem>.png` per melody; return {'mp3': path, 'png': path} each."""
    written = []
    for rendered, stem in zip(render_all(melodies, soundfont), stems, strict=True):
        files = {}
        for suffix, data in (("mp3", rendered.mp3), ("png", rendered.png)):
            if data is not None:
                path = out_dir / f"{stem}.{suffix}"
                path.write_bytes(data)
                files[suffix] = str(path)
        written.append(files)
    return written
