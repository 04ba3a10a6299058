"""The audio bench's melodies and the jobs it runs in the pool's workers.

Jobs are module-level functions so the workers can import them. `old_path_job`
is the bot's job as it was before issue 15 (FluidSynth's reverb engine running,
MP3 through pydub + ffmpeg), kept here so every run measures the old path and
the new one side by side on the same machine at the same load.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from engine.compose.composer import compose
from engine.melody import Melody
from engine.params.melody import MelodyParams, resolve
from engine.theory.moods import MOODS

if TYPE_CHECKING:
    from engine.audio.synth import Renderer

SAMPLE_MOODS = tuple(MOODS)[:10]  # each mood brings its own tempo, scale and instrument preset
PEER_BITRATE = 128  # kbit/s, as in `ffmpeg -i out.wav -b:a 128k out.mp3`
PEER_LAME_QUALITY = 3  # LAME's own default (ffmpeg sets none unless asked)
BOT_BITRATE = 192  # kbit/s
ROOM_SEND = 0  # the old path's reverb engine; CC 91 stays 0, as it was

# Renderers with the reverb engine on, made in a worker when an old-path job first needs one.
_rooms: dict[str, Renderer] = {}


def ten_melodies() -> list[Melody]:
    """Ten 16-bar melodies: ten moods, each with its preset tempo, scale and instrument."""
    return [
        compose(resolve({"bars": "16", "mood": mood}, random_seed=1000 + i))
        for i, mood in enumerate(SAMPLE_MOODS)
    ]


def _room_renderer() -> Renderer:
    """This worker's renderer with the reverb engine running, as the bot rendered before."""
    from bot.runtime.jobs import warm_renderer
    from engine.audio.synth import Renderer

    soundfont = warm_renderer().soundfont_path
    if "room" not in _rooms:
        _rooms["room"] = Renderer(soundfont, reverb_send=ROOM_SEND)
    return _rooms["room"]


def render_encode_job(melody: Melody, kbps: int, lame_quality: int) -> None:
    """Render (dry, warm) and encode in-process, as the bot's jobs do, at these MP3 settings."""
    from bot.runtime.jobs import warm_renderer
    from engine.audio.mp3 import encode_mp3

    encode_mp3(warm_renderer().render_float(melody), bitrate_kbps=kbps, lame_quality=lame_quality)


def new_path_job(params: MelodyParams) -> None:
    """`old_path_job` with today's audio (dry render, MP3 by lameenc): the same other stages
    (the piano roll as its picture), so the two differ by the audio path alone; the bot's
    job (`compose_job`) engraves the score instead of drawing the piano roll."""
    from bot.runtime.jobs import warm_renderer
    from engine.audio.mp3 import encode_mp3
    from engine.midi import to_midi_bytes
    from engine.picture.pianoroll import render_png

    melody = compose(params)
    to_midi_bytes(melody)
    encode_mp3(warm_renderer().render_float(melody), title="new path")
    render_png(melody)


def old_path_job(params: MelodyParams) -> None:
    """The whole job as before issue 15: compose, MIDI, render with the reverb engine on,
    master, MP3 192k -q 7 through pydub + ffmpeg, piano roll."""
    from engine.audio.export import ffmpeg_mp3
    from engine.audio.master import prepare
    from engine.midi import to_midi_bytes
    from engine.picture.pianoroll import render_png

    melody = compose(params)
    to_midi_bytes(melody)
    data = prepare(_room_renderer().render_float(melody))
    ffmpeg_mp3(data, BOT_BITRATE, 7, title="old path")
    render_png(melody)


def _render_seconds(renderer: Renderer, melody: Melody) -> float:
    """CPU seconds of this worker while it renders (wall time swings with others' load)."""
    start = time.process_time()
    renderer.render_float(melody)
    return time.process_time() - start


def render_dry_job(melody: Melody) -> float:
    """CPU seconds spent in FluidSynth alone, dry (the bot's renderer)."""
    from bot.runtime.jobs import warm_renderer

    return _render_seconds(warm_renderer(), melody)


def render_room_job(melody: Melody) -> float:
    """CPU seconds in FluidSynth alone with the reverb engine on (the old path, or a room)."""
    return _render_seconds(_room_renderer(), melody)
