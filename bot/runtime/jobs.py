"""Job functions that run inside the pool's worker processes.

Each worker calls `init_worker(soundfont)` once at start: the SoundFont is
loaded there (warm), and the score's engraver is imported and warmed there, so a
job pays only for its own work. matplotlib (the piano roll) is imported by the
first job that draws one: the score is the usual picture. Jobs are module-level
functions with picklable arguments and results, so `bot.pool.WorkerPool.submit` can
send them to a worker.

Public API: `Rendered`, `Submitted`, `init_worker`, `compose_job`, `render_job`,
`submission_job`, `stored_melody_job`.
"""

from __future__ import annotations

import functools
import importlib
import io
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

# The audio modules (FluidSynth, scipy, verovio) are imported by `init_worker`, not here:
# the bot process imports this module only to unpickle `Rendered`, and stays small.
AUDIO_MODULES = ("engine.audio.synth", "engine.audio.mp3", "bot.runtime.score_step")

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
    score: tuple[bytes, ...] = ()  # score PNG pages (with audio), never shown for game items
    abc: str | None = None
    musicxml: str | None = None


def init_worker(soundfont: Path | str | None, room_sound: int | None = None) -> None:
    """Import the audio modules and load the SoundFont into this process's synth (once).

    None skips the SoundFont (jobs that need audio then fail). `room_sound` is the
    reverb send, MIDI CC 91 0-127 (the ROOM_SOUND setting); None renders dry.
    """
    global _renderer
    from engine.audio.synth import Renderer

    for module in AUDIO_MODULES:
        importlib.import_module(module)
    from bot.runtime.score_step import warm_score

    warm_score()
    if soundfont is not None and (
        _renderer is None
        or _renderer.soundfont_path != Path(soundfont)
        or _renderer.reverb_send != room_sound
    ):
        _renderer = Renderer(soundfont, reverb_send=room_sound)


@functools.cache
def _picture_thread() -> ThreadPoolExecutor:
    """The worker's thread for the pictures (a job draws them beside its encoding)."""
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
    """What a job makes besides the MIDI. A string, because job arguments travel to workers
    positionally as plain data (msgpack too).

    - `MIDI`: the ABC and MusicXML too, no audio, no picture;
    - `AUDIO`: the MP3, ABC, MusicXML and the score (the piano roll only when the score
      cannot be engraved): what /melody shows;
    - `AUDIO_PIANOROLL`: the MP3, ABC, MusicXML and the piano roll, no score (Discord's
      `picture:pianoroll`);
    - `AUDIO_ALL`: the MP3, ABC, MusicXML, score and piano roll (the CLI's files);
    - `AUDIO_ONLY`: the MP3 alone (game items, which never show a picture).
    """

    MIDI = "midi"
    AUDIO = "audio"
    AUDIO_PIANOROLL = "audio_pianoroll"
    AUDIO_ALL = "audio_all"
    AUDIO_ONLY = "audio_only"


# The pictures each output with audio draws: (score, piano roll).
_PICTURES = {
    Output.AUDIO: (True, False),
    Output.AUDIO_PIANOROLL: (False, True),
    Output.AUDIO_ALL: (True, True),
}


class Voices(StrEnum):
    """What `render_job` renders: the melody alone (game items), or with its chords."""

    MELODY_ONLY = "melody_only"
    WITH_CHORDS = "with_chords"


def _finish(melody: Melody, output: str) -> Rendered:
    """MIDI, then (unless `Output.MIDI`) the rendered and encoded MP3, and the notation and
    the pictures `output` asks for (none for `Output.AUDIO_ONLY`: a game item's score would
    give its source away, and skipping it saves ~0.15 CPU-s per item)."""
    from bot.runtime.score_step import Pictures, notation_of

    midi = to_midi_bytes(melody)
    title = title_of(melody)
    mp3 = None
    seconds = melody.duration_seconds
    if output == Output.MIDI:
        drawn = notation_of(melody)
    else:
        from bot.runtime.score_step import pictures_of
        from engine.audio.mp3 import encode_mp3

        # The pictures are drawn in a thread while LAME encodes (lameenc releases the GIL
        # during the encode), so they cost no time when a core is free.
        picture = None
        if output in _PICTURES:
            score, pianoroll = _PICTURES[Output(output)]
            picture = _picture_thread().submit(
                functools.partial(pictures_of, score=score, pianoroll=pianoroll), melody
            )
        encoded = encode_mp3(warm_renderer().render_float(melody), title=title)
        mp3, seconds = encoded.mp3, encoded.seconds
        drawn = picture.result() if picture else Pictures(None, (), None, None)
    return Rendered(
        params=melody.params,
        midi=midi,
        mp3=mp3,
        png=drawn.pianoroll,
        duration_seconds=seconds,
        notes=len(melody.notes),
        title=title,
        melody=melody,
        score=drawn.score,
        abc=drawn.abc,
        musicxml=drawn.musicxml,
    )


def compose_job(params: MelodyParams, variation: int = 0, output: str = Output.AUDIO) -> Rendered:
    """Compose → MIDI → render → encode → pictures (see `Output`); `Output.MIDI` stops
    after the MIDI and the notation texts."""
    return _finish(compose(params, variation), output)


def render_job(
    melody: Melody, voices: str = Voices.MELODY_ONLY, output: str = Output.AUDIO
) -> Rendered:
    """An existing melody (human tune, game item, CLI output) → MIDI, MP3 and (unless
    `Output.AUDIO_ONLY`) the pictures and notation.

    Melody only by default, so AI and human items in a game sound alike.
    """
    rendered = melody.without_chords() if voices == Voices.MELODY_ONLY else melody
    return _finish(rendered, Output.AUDIO if output == Output.MIDI else output)


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
