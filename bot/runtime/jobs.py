"""Job functions that run inside the pool's worker processes.

Each worker calls `init_worker(soundfont)` once at start: the SoundFont is
loaded there (warm), and matplotlib is imported there, so a job pays only for
its own work. Jobs are module-level functions with picklable arguments and
results, so `bot.pool.WorkerPool.submit` can send them to a worker.

Public API: `Rendered`, `Submitted`, `init_worker`, `compose_job`, `render_job`,
`submission_job`, `stored_melody_job`, `a_core_is_idle`.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.compose.composer import compose
from engine.human.submission import read_submission
from engine.melody import Melody
from engine.midi import notes_of_track, to_midi_bytes
from engine.params.melody import MelodyParams

if TYPE_CHECKING:
    from engine.audio.synth import Renderer

# The audio modules (FluidSynth, matplotlib, scipy) are imported by `init_worker`, not here:
# the bot process imports this module only to unpickle `Rendered`, and stays small.
AUDIO_MODULES = ("engine.audio.synth", "engine.audio.mp3", "engine.picture.pianoroll")

# The worker's warm synth; None in the bot process and before `init_worker`.
_renderer: Renderer | None = None


@dataclass(frozen=True)
class Rendered:
    """A melody ready to post.

    `duration_seconds` is the MP3's length when audio was made, else the
    melody's length at its tempo; `notes` counts melody notes (chords excluded).
    """

    params: MelodyParams
    midi: bytes
    mp3: bytes | None
    png: bytes | None
    duration_seconds: float
    notes: int
    title: str
    melody: Melody | None = None


def init_worker(soundfont: Path | str | None) -> None:
    """Import the audio modules and load the SoundFont into this process's synth (once).

    None skips the SoundFont (jobs that need audio then fail).
    """
    global _renderer
    from engine.audio.synth import Renderer

    for module in AUDIO_MODULES:
        importlib.import_module(module)
    if soundfont is not None and (_renderer is None or _renderer.soundfont_path != Path(soundfont)):
        _renderer = Renderer(soundfont)


def a_core_is_idle() -> bool:
    """Whether fewer tasks are running than there are cores, counting this worker.

    Read from the instantaneous count in /proc/loadavg (False where there is none).
    An idle core lets the MP3 be encoded in two halves at once (`encode_mp3(in_two=True)`):
    ~30% less wall time for ~60 ms more CPU, so it is done only when no other job
    or program wants that core.
    """
    try:
        running = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return running < (os.cpu_count() or 1)


@functools.cache
def _picture_thread() -> ThreadPoolExecutor:
    """The worker's thread for piano rolls (a job draws one picture, beside its encoding)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="pianoroll")


def warm_renderer() -> Renderer:
    if _renderer is None:
        raise RuntimeError("init_worker(soundfont) was not called in this process.")
    return _renderer


def title_of(melody: Melody) -> str:
    """A short title: a human tune's own, else key, scale and seed."""
    title = melody.provenance.get("title")
    if title:
        return title
    params = melody.params
    return f"{params.key} {params.scale.replace('_', ' ')} melody, seed {params.seed}"


class Output(StrEnum):
    """What a job makes: MIDI only, or MIDI with audio and picture. A string, because job
    arguments travel to workers positionally as plain data (the Redis queue's msgpack too)."""

    MIDI = "midi"
    AUDIO = "audio"


class Voices(StrEnum):
    """What `render_job` renders: the melody alone (game items), or with its chords."""

    MELODY_ONLY = "melody_only"
    WITH_CHORDS = "with_chords"


def _finish(melody: Melody, *, audio: bool) -> Rendered:
    """MIDI, then (when `audio`) the rendered and encoded MP3 and the piano roll."""
    midi = to_midi_bytes(melody)
    title = title_of(melody)
    mp3 = png = None
    seconds = melody.duration_seconds
    if audio:
        from engine.audio.mp3 import encode_mp3
        from engine.picture.pianoroll import render_png

        pcm = warm_renderer().render_float(melody)
        in_two = a_core_is_idle()  # asked before the picture thread starts, which would count
        # The picture is drawn in a thread while ffmpeg encodes in its own process (pydub
        # waits on it with the GIL released), so it costs no time when a core is free.
        picture = _picture_thread().submit(render_png, melody)
        encoded = encode_mp3(pcm, title=title, in_two=in_two)
        mp3, seconds = encoded.mp3, encoded.seconds
        png = picture.result()
    return Rendered(
        params=melody.params,
        midi=midi,
        mp3=mp3,
        png=png,
        duration_seconds=seconds,
        notes=len(melody.notes),
        title=title,
        melody=melody,
    )


def compose_job(params: MelodyParams, variation: int = 0, output: str = Output.AUDIO) -> Rendered:
    """Compose → MIDI → render → encode → piano roll; `Output.MIDI` stops after MIDI."""
    return _finish(compose(params, variation), audio=output == Output.AUDIO)


def render_job(melody: Melody, voices: str = Voices.MELODY_ONLY) -> Rendered:
    """An existing melody (human tune, game item, CLI output) → MIDI, MP3, piano roll.

    Melody only by default, so AI and human items in a game sound alike.
    """
    rendered = melody.without_chords() if voices == Voices.MELODY_ONLY else melody
    return _finish(rendered, audio=True)


@dataclass(frozen=True)
class Submitted:
    """An uploaded melody as read, and the MIDI bytes it is stored as (`to_midi_bytes`)."""

    melody: Melody
    midi: bytes


def submission_job(data: bytes) -> Submitted:
    """Parse an uploaded MIDI file (hostile input, so under the pool's timeout) and write
    the MIDI to store, both off the event loop."""
    melody = read_submission(data)
    return Submitted(melody, to_midi_bytes(melody))


def stored_melody_job(params: dict[str, Any], midi: bytes, provenance: dict[str, str]) -> Melody:
    """A stored human melody back as a Melody (its MIDI was written by `to_midi_bytes`,
    so track 1 is the melody); `params` are the stored MelodyParams fields."""
    import mido  # the worker has it already; the bot process need not parse MIDI

    known = {k: v for k, v in params.items() if k in MelodyParams.__dataclass_fields__}
    notes = tuple(notes_of_track(mido.MidiFile(file=io.BytesIO(midi)), 1))
    return Melody(MelodyParams(**known), notes, (), provenance)
