"""A melody's files: their names (one place for every front end), and the files again
for a "Files" button (its MIDI, ABC and MusicXML).

Names derive from the parameters' slug: `<slug>.mp3`, `.mid`, `.png` (piano roll),
`.score.png` (then `.score-2.png`… for later pages), `.abc`, `.musicxml`.

The melody is recomposed from its parameters, seed and variation (the same ones give
the same melody) as a MIDI-only job: no audio and no pictures, tens of milliseconds
in the pool. No cooldown is spent: the member already has this melody.
"""

from __future__ import annotations

from bot.runtime.jobs import Output, Rendered, compose_job
from bot.runtime.runner import JobRunner
from bot.services.melody import job_timeout
from engine.params.melody import MelodyParams


def named_files(rendered: Rendered) -> dict[str, list[tuple[str, bytes]]]:
    """A rendered melody's files by kind (mp3, mid, score, pianoroll, abc, musicxml):
    (file name, bytes) each, only those the job made; score pages in order."""
    slug = rendered.params.slug
    pages = enumerate(rendered.score, start=1)
    kinds: dict[str, list[tuple[str, bytes | None]]] = {
        "mp3": [(f"{slug}.mp3", rendered.mp3)],
        "mid": [(f"{slug}.mid", rendered.midi)],
        "score": [(f"{slug}.score{'' if n == 1 else f'-{n}'}.png", page) for n, page in pages],
        "pianoroll": [(f"{slug}.png", rendered.png)],
        "abc": [(f"{slug}.abc", None if rendered.abc is None else rendered.abc.encode())],
        "musicxml": [
            (f"{slug}.musicxml", None if rendered.musicxml is None else rendered.musicxml.encode())
        ],
    }
    return {
        kind: [(name, data) for name, data in files if data is not None]
        for kind, files in kinds.items()
    }


async def melody_texts(pool: JobRunner, params: MelodyParams, variation: int = 0) -> Rendered:
    """The `Rendered` of a MIDI-only job: `midi`, `abc` and `musicxml` set, no MP3 or pictures."""
    rendered: Rendered = await pool.submit(
        compose_job,
        params,
        variation,
        Output.MIDI,
        run_seconds=job_timeout(pool, params.duration_seconds),
    )
    return rendered
