"""Rendering with a warm FluidSynth and the real SoundFont; finding the SoundFont."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.audio.soundfont import find_soundfont
from engine.audio.synth import MAX_TAIL_SECONDS, SAMPLE_RATE, Renderer
from engine.errors import SoundFontMissing
from engine.melody import Melody
from tests.engine.audio.audio_helpers import scale_melody


@pytest.fixture(scope="module")
def renderer():
    with Renderer(find_soundfont()) as warm:
        yield warm


def test_render_is_int16_stereo_as_long_as_the_melody_plus_a_short_tail(renderer):
    melody = scale_melody(bars=2, tempo=120)  # 8 beats = 4.0 s
    pcm = renderer.render(melody)
    assert pcm.dtype == np.int16
    assert pcm.ndim == 2 and pcm.shape[1] == 2
    seconds = len(pcm) / SAMPLE_RATE
    assert melody.duration_seconds <= seconds <= melody.duration_seconds + MAX_TAIL_SECONDS
    assert np.abs(pcm).max() > 1000  # clearly audible, not silence


def test_notes_sound_where_the_melody_puts_them(renderer):
    # The first note starts on beat 2 (0.5 s at 120 BPM): the first half second is silent.
    melody = scale_melody(bars=1, tempo=120, first_beat=1.0, chords=False)
    pcm = renderer.render_float(melody)
    half_second = SAMPLE_RATE // 2
    assert np.abs(pcm[: half_second - 256]).max() < 1e-4
    assert np.abs(pcm[half_second : half_second + SAMPLE_RATE // 10]).max() > 0.01


def _low_energy(pcm: np.ndarray, below_hz: float = 210.0) -> float:
    """Spectral energy under `below_hz`: the C3 chord's range, below the melody's C4 upwards."""
    spectrum = np.abs(np.fft.rfft(pcm.mean(axis=1))) ** 2
    frequencies = np.fft.rfftfreq(len(pcm), 1 / SAMPLE_RATE)
    return float(spectrum[frequencies < below_hz].sum())


def test_chords_are_heard_when_on_and_absent_when_off(renderer):
    with_chords = renderer.render_float(scale_melody(chords=True))
    without = renderer.render_float(scale_melody(chords=False))
    assert _low_energy(with_chords) > 5 * _low_energy(without)


def test_a_warm_renderer_leaves_nothing_of_the_previous_melody(renderer):
    renderer.render_float(scale_melody(bars=4, tempo=60, instrument="strings"))
    late_start = scale_melody(bars=1, tempo=120, first_beat=2.0, chords=False)
    pcm = renderer.render_float(late_start)
    assert np.abs(pcm[: SAMPLE_RATE - 256]).max() < 1e-4  # the strings' tail did not leak in


def _energy_after(pcm: np.ndarray, seconds: float) -> float:
    return float(np.square(pcm[round(seconds * SAMPLE_RATE) :]).sum())


@pytest.fixture(scope="module")
def roomy():
    """A warm renderer with the room sound on: every channel sends half to the reverb."""
    with Renderer(find_soundfont(), reverb_send=64) as warm:
        yield warm


def test_the_default_sound_is_dry_and_a_room_is_an_explicit_choice(renderer, roomy):
    assert renderer.reverb_send is None
    melody = scale_melody(bars=1, tempo=120, chords=False, instrument="piano")
    dry, wet = renderer.render_float(melody), roomy.render_float(melody)
    # After the last note (2.0 s) the room rings on; the dry render has only the release.
    assert _energy_after(wet, 2.3) > 3 * _energy_after(dry, 2.3)


def _relative_difference_db(first: np.ndarray, second: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(first - second)) / np.mean(np.square(first))))


def test_a_warm_renderer_renders_a_melody_the_same_every_time(renderer):
    """Whatever came before, a melody's notes start at the same samples (−60 dB: nothing heard)."""
    melody = scale_melody(bars=2, tempo=120, instrument="strings")
    first = renderer.render_float(melody).copy()
    renderer.render_float(scale_melody(bars=3, tempo=77, instrument="flute"))
    again = renderer.render_float(melody)
    assert len(first) == len(again)
    assert _relative_difference_db(first, again) < -60


def test_a_warm_renderer_keeps_its_room_as_loud_from_melody_to_melody(roomy):
    """The reverb is drained between melodies and keeps its level: draining once set it to 0
    through pyfluidsynth's set_reverb, and the room was silent from the first melody on
    (the test above catches that)."""
    melody = scale_melody(bars=1, tempo=120, chords=False, instrument="piano")
    tails = []
    for _ in range(3):
        tails.append(_energy_after(roomy.render_float(melody), 2.3))
        roomy.render_float(scale_melody(bars=2, tempo=90, instrument="flute"))
    assert max(tails) < 1.25 * min(tails)  # within 1 dB


def test_a_warm_renderer_with_a_room_leaves_nothing_of_the_previous_melody(roomy):
    roomy.render_float(scale_melody(bars=4, tempo=60, instrument="strings"))
    late_start = scale_melody(bars=1, tempo=120, first_beat=2.0, chords=False)
    pcm = roomy.render_float(late_start)
    assert np.abs(pcm[: SAMPLE_RATE - 256]).max() < 1e-4  # the strings' room did not ring on


def test_a_room_send_outside_midi_range_is_refused_in_one_line():
    with pytest.raises(ValueError, match="0–127") as caught:
        Renderer(find_soundfont(), reverb_send=128)
    assert "\n" not in str(caught.value)


def test_instrument_changes_the_sound(renderer):
    piano = renderer.render_float(scale_melody(chords=False, instrument="piano"))
    flute = renderer.render_float(scale_melody(chords=False, instrument="flute"))
    frames = min(len(piano), len(flute))
    assert not np.allclose(piano[:frames], flute[:frames], atol=1e-3)


def _chords_only(instrument: str) -> Melody:
    melody = scale_melody(chords=True, instrument=instrument)
    return dataclasses.replace(melody, notes=())


def test_chords_play_on_their_own_program_not_the_melodys(renderer):
    """Chords under a flute and under a violin are the same piano (as the MIDI file says),
    not a second flute; under a piano they are a pad."""
    under_flute = renderer.render_float(_chords_only("flute"))
    under_violin = renderer.render_float(_chords_only("violin"))
    under_piano = renderer.render_float(_chords_only("piano"))
    assert np.abs(under_flute).max() > 0.01  # the chords are heard
    frames = min(len(under_flute), len(under_violin), len(under_piano))
    assert _relative_difference_db(under_flute[:frames], under_violin[:frames]) < -60
    assert not np.allclose(under_flute[:frames], under_piano[:frames], atol=1e-3)


def test_soundfont_search_prefers_the_explicit_path(tmp_path):
    chosen = tmp_path / "mine.sf2"
    chosen.write_bytes(b"RIFF")
    assert find_soundfont(chosen) == chosen


def test_soundfont_search_uses_the_project_folder_before_the_system(tmp_path, monkeypatch):
    monkeypatch.delenv("SOUNDFONT_PATH", raising=False)
    (tmp_path / "b.sf3").write_bytes(b"x")
    (tmp_path / "a.sf2").write_bytes(b"x")
    assert find_soundfont(project_dir=tmp_path) == tmp_path / "a.sf2"


def test_a_wrong_explicit_path_is_one_line_naming_it(tmp_path):
    with pytest.raises(SoundFontMissing) as caught:
        find_soundfont(tmp_path / "typo.sf2")
    message = str(caught.value)
    assert "typo.sf2" in message and "\n" not in message


def test_no_soundfont_anywhere_says_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SOUNDFONT_PATH", raising=False)
    with pytest.raises(SoundFontMissing) as caught:
        find_soundfont(project_dir=tmp_path, system=(tmp_path / "missing.sf2",))
    message = str(caught.value)
    assert "make" in message and "SOUNDFONT_PATH" in message and "soundfonts/" in message
    assert "\n" not in message
