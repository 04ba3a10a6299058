"""Piano-roll pictures: PNG within 200 KB, dark background, notes, chords, names, bars."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
from matplotlib.colors import to_rgb
from PIL import Image

from engine.melody import Chord, Melody, Note
from engine.params.melody import MelodyParams
from engine.picture.palette import DARK_PALETTE
from engine.picture.pianoroll import (
    BARS_PER_ROW,
    MAX_PNG_BYTES,
    layouts,
    render_png,
    title_line,
)
from tests.engine.audio.audio_helpers import scale_melody


def _image(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _amber(image: np.ndarray) -> int:
    """Pixels in the notes' warm amber (red high, blue low), whatever their opacity."""
    red, blue = image[..., 0], image[..., 2]
    return int(((red > 150) & (red - blue > 80)).sum())


def _bluish(image: np.ndarray) -> int:
    """Pixels tinted by the chord shading (blue clearly above red)."""
    return int(((image[..., 2] - image[..., 0]) > 25).sum())


def _longest_widest() -> Melody:
    """64 bars of sixteenths over three octaves, a chord per bar: the busiest allowed picture."""
    params = MelodyParams(bars=64, tempo=40, range="wide")
    notes = tuple(Note(48 + (i * 7) % 37, i * 0.25, 0.25, 40 + i % 80) for i in range(64 * 16))
    chords = tuple(
        Chord((48 + b % 12, 52 + b % 12, 55 + b % 12), b * 4.0, 4.0, f"X{b}") for b in range(64)
    )
    return Melody(params, notes, chords)


def test_png_is_small_and_wide_enough_to_read():
    png = render_png(scale_melody(bars=8))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) <= MAX_PNG_BYTES
    width, height = Image.open(io.BytesIO(png)).size
    assert width >= 1000 and height >= 400


def test_the_busiest_allowed_melody_still_fits_200_kb():
    assert len(render_png(_longest_widest())) <= MAX_PNG_BYTES


def test_dark_background_with_bright_notes():
    image = _image(render_png(scale_melody(bars=4)))
    corner = image[2, 2]
    assert (np.abs(corner - [round(c * 255) for c in to_rgb(DARK_PALETTE.background)]) < 4).all()
    assert corner.mean() < 70  # dark theme
    assert _amber(image) > 2000  # 16 note bars
    assert to_rgb(DARK_PALETTE.note)[0] > 0.9  # the note colour is bright against the dark roll


def test_chords_are_shaded_behind_the_melody_only_when_present():
    melody = scale_melody(bars=4, chords=True)
    melody_parts = (melody.notes, melody.chords)
    with_chords = _image(render_png(melody))
    without = _image(render_png(Melody(melody.params, melody.notes, ())))
    chords_off = _image(render_png(Melody(melody.params.replace(chords=False), *melody_parts)))
    assert (
        to_rgb(DARK_PALETTE.chord)[2] > to_rgb(DARK_PALETTE.chord)[0]
    )  # the shading colour is a blue
    assert _bluish(with_chords) > 5000
    assert _bluish(without) < _bluish(with_chords) / 10
    assert _bluish(chords_off) < _bluish(with_chords) / 10  # chords:off draws none


def test_chords_off_names_no_chords():
    melody = scale_melody(bars=4, chords=False)
    assert all(box.chord_labels == () for box in layouts(melody))


def test_a_64_bar_roll_is_drawn_in_rows_of_bars():
    rows = layouts(_longest_widest())
    assert len(rows) == 64 // BARS_PER_ROW
    assert rows[1].bar_labels[0][1] == str(BARS_PER_ROW + 1)
    assert all(rows[i].bottom < rows[i + 1].top for i in range(len(rows) - 1))
    width, height = Image.open(io.BytesIO(render_png(_longest_widest()))).size
    assert height >= 4 * 160 and width == 1100


def test_row_names_are_spelled_in_the_key():
    melody = Melody(MelodyParams(key="A", scale="dorian", bars=1), (Note(56, 0, 1), Note(70, 1, 1)))
    names = {name for _, name in layouts(melody)[0].pitch_labels}
    assert {"G#3", "A#4", "C#4", "D#4"} <= names
    assert not any("b" in name[1:] for name in names)  # no A♭, E♭, B♭ in A dorian


def test_the_title_counts_bars_in_words():
    assert "1 bar of 4/4" in title_line(scale_melody(bars=1))
    assert "8 bars of 4/4" in title_line(scale_melody(bars=8))


def test_axes_name_the_notes_and_number_the_bars():
    box, *_ = layouts(scale_melody(bars=4))
    pitch_names = {name for _, name in box.pitch_labels}
    assert {"C4", "E4", "G4", "C5"} <= pitch_names
    assert [number for _, number in box.bar_labels] == ["1", "2", "3", "4"]
    assert [symbol for _, symbol in box.chord_labels] == ["C"]  # named once, where it starts


def test_a_wide_melody_names_only_natural_notes_so_labels_do_not_collide():
    box, *_ = layouts(_longest_widest())
    names = [name for _, name in box.pitch_labels]
    assert "C4" in names and not any("#" in name or "b" in name[1:] for name in names)
    assert len(box.bar_labels) <= 32


def test_the_colours_are_the_callers():
    light = replace(DARK_PALETTE, background="#ffffff", white_row="#f2f3f5", black_row="#e3e5e8")
    image = _image(render_png(scale_melody(bars=2), palette=light))
    assert (image[2, 2] == [255, 255, 255]).all()  # a light theme's background, as asked
