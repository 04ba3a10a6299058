"""Rendering with a warm FluidSynth and the real SoundFont; finding the SoundFont."""

from __future__ import annotations

import numpy as np
import pytest

from engine.audio.soundfont import find_soundfont
from engine.audio.synth import MAX_TAIL_SECONDS, SAMPLE_RATE, Renderer
from engine.errors import SoundFontMissing
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


def test_instrument_changes_the_sound(renderer):
    piano = renderer.render_float(scale_melody(chords=False, instrument="piano"))
    flute = renderer.render_float(scale_melody(chords=False, instrument="flute"))
    frames = min(len(piano), len(flute))
    assert not np.allclose(piano[:frames], flute[:frames], atol=1e-3)


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
