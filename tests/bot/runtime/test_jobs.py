"""Jobs end to end with the real SoundFont, FluidSynth and ffmpeg, in-process and in the pool."""

from __future__ import annotations

import io

import mido
import numpy as np
import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.runtime import jobs
from bot.runtime.jobs import (
    Output,
    Rendered,
    Voices,
    compose_job,
    render_job,
    stored_melody_job,
    submission_job,
)
from engine.audio.soundfont import find_soundfont
from engine.errors import MidiRejected
from engine.midi import to_midi_bytes
from engine.params.melody import resolve
from tests.engine.audio.audio_helpers import decode_mp3, scale_melody


@pytest.fixture(scope="module", autouse=True)
def warm_this_process() -> None:
    """This test process plays a worker: load the SoundFont once, as each worker does."""
    jobs.init_worker(find_soundfont())


def _tracks(midi: bytes) -> int:
    return len(mido.MidiFile(file=io.BytesIO(midi)).tracks)


def test_compose_job_gives_midi_mp3_and_the_score_as_its_picture() -> None:
    params = resolve({"key": "D", "scale": "minor", "bars": "4", "tempo": "120"}, random_seed=7)
    rendered = compose_job(params)
    assert isinstance(rendered, Rendered)
    assert rendered.params == params
    assert rendered.midi.startswith(b"MThd")
    assert len(rendered.score) == 1 and rendered.score[0].startswith(b"\x89PNG")
    assert rendered.png is None  # the piano roll is drawn only when asked for
    assert rendered.mp3 is not None
    pcm, info = decode_mp3(rendered.mp3)
    assert info["codec_name"] == "mp3"
    # 4 bars at 120 BPM = 8 s; trimming and a ≤2 s tail keep it close.
    assert 6.0 < rendered.duration_seconds <= 10.0
    assert abs(len(pcm) / 44100 - rendered.duration_seconds) < 0.1
    assert rendered.melody is not None
    assert rendered.notes == len(rendered.melody.notes) > 0
    assert "D minor" in rendered.title and "7" in rendered.title


@pytest.mark.parametrize(
    ("output", "score_pages", "piano_roll"),
    [(Output.AUDIO_PIANOROLL, 0, True), (Output.AUDIO_ALL, 1, True), (Output.AUDIO_ONLY, 0, False)],
)
def test_each_output_draws_only_the_pictures_it_names(
    output: Output, score_pages: int, piano_roll: bool
) -> None:
    rendered = compose_job(resolve({"bars": "2"}, random_seed=3), 0, output)
    assert rendered.mp3 is not None
    assert len(rendered.score) == score_pages
    assert (rendered.png is not None and rendered.png.startswith(b"\x89PNG")) == piano_roll


def test_compose_job_without_audio_stops_after_midi() -> None:
    params = resolve({"bars": "2"}, random_seed=1)
    rendered = compose_job(params, 0, Output.MIDI)
    assert rendered.mp3 is None and rendered.png is None
    assert rendered.midi == compose_job(params, 0, Output.MIDI).midi  # same seed, same bytes


def test_render_job_renders_melody_only_by_default() -> None:
    melody = scale_melody(bars=2, chords=True)
    assert _tracks(to_midi_bytes(melody)) == 3  # conductor, melody, chords
    game_item = render_job(melody)
    assert _tracks(game_item.midi) == 2  # conductor and melody: no chords
    assert game_item.mp3 is not None and game_item.score
    assert _tracks(render_job(melody, Voices.WITH_CHORDS).midi) == 3


def test_render_job_uses_a_human_tune_title() -> None:
    melody = scale_melody(bars=1)
    titled = type(melody)(melody.params, melody.notes, (), {"title": "Scarborough Fair"})
    assert render_job(titled).title == "Scarborough Fair"


def test_submission_job_reads_a_midi_file_and_refuses_garbage() -> None:
    submitted = submission_job(to_midi_bytes(scale_melody(bars=2, chords=False)))
    melody = submitted.melody
    assert [n.pitch for n in melody.notes][:3] == [72, 74, 76]  # C D E, in the composer's register
    assert submitted.midi == to_midi_bytes(melody)  # what the store keeps, made in the worker
    with pytest.raises(MidiRejected):
        submission_job(b"not a midi file")


def test_a_stored_submission_reads_back_as_the_same_melody() -> None:
    melody = submission_job(to_midi_bytes(scale_melody(bars=2, chords=False))).melody
    again = stored_melody_job(melody.params.to_dict(), to_midi_bytes(melody), {"title": "Reel"})
    assert again.notes == melody.notes
    assert (again.params, again.provenance) == (melody.params, {"title": "Reel"})


def test_the_room_sound_setting_reaches_the_workers_renderer_and_is_heard() -> None:
    with pytest.raises(ValidationError, match="room_sound"):
        Settings(_env_file=None, room_sound=128)
    room = Settings(_env_file=None, room_sound=64).room_sound
    melody = scale_melody(bars=1)
    try:
        jobs.init_worker(find_soundfont(), room)
        assert jobs.warm_renderer().reverb_send == 64
        wet = jobs.warm_renderer().render_float(melody)
    finally:
        jobs.init_worker(find_soundfont())  # the other tests' dry renderer
    assert jobs.warm_renderer().reverb_send is None
    dry = jobs.warm_renderer().render_float(melody)
    frames = min(len(wet), len(dry))
    difference = np.sqrt(np.mean((wet[:frames] - dry[:frames]) ** 2))
    level = np.sqrt(np.mean(dry[:frames] ** 2))
    assert 20 * np.log10(difference / level) > -30  # a room you hear, not rounding noise
