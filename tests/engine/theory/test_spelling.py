"""Spelling: every key × scale has the signature and note names a musician writes.

The expected tables below are written by hand (circle of fifths, relative majors),
not derived from the code under test.
"""

from __future__ import annotations

import pytest

from engine.theory.scales import KEYS, SCALES
from engine.theory.spelling import (
    chord_symbol,
    key_signature,
    midi_key_name,
    parent_scale,
    pitch_name,
    spell,
)

KEY_ORDER = ("C", "C#", "Db", "D", "D#", "Eb", "E", "F", "F#", "Gb", "G", "G#", "Ab", "A",
             "A#", "Bb", "B")  # fmt: skip
MAJOR_FIFTHS = (0, 7, -5, 2, -3, -3, 4, -1, 6, -6, 1, -4, -4, 3, -2, -2, 5)
MINOR_FIFTHS = (-3, 4, 4, -1, 6, -6, 1, -4, 3, 3, -2, 5, -7, 0, 7, -5, 2)
# Sharps (+) or flats (-) of each key in KEY_ORDER, by scale, written out by hand.
SIGNATURES: dict[str, tuple[int, ...]] = {
    "major": MAJOR_FIFTHS,
    "major_pentatonic": MAJOR_FIFTHS,
    "minor": MINOR_FIFTHS,
    "harmonic_minor": MINOR_FIFTHS,
    "melodic_minor": MINOR_FIFTHS,
    "minor_pentatonic": MINOR_FIFTHS,
    "blues": MINOR_FIFTHS,
    "dorian": (-2, 5, -7, 0, 7, -5, 2, -3, 4, 4, -1, 6, -6, 1, -4, -4, 3),
    "phrygian": (-4, 3, 3, -2, 5, -7, 0, -5, 2, 2, -3, 4, 4, -1, 6, -6, 1),
    "lydian": (1, -4, -4, 3, -2, -2, 5, 0, 7, -5, 2, -3, -3, 4, -1, -1, 6),
    "mixolydian": (-1, 6, -6, 1, -4, -4, 3, -2, 5, -7, 0, 7, -5, 2, -3, -3, 4),
    "locrian": (-5, 2, 2, -3, 4, 4, -1, -6, 1, 1, -4, 3, 3, -2, 5, -7, 0),
}
MODES = {"major": "major", "major_pentatonic": "major", "dorian": "dorian",
         "phrygian": "phrygian", "lydian": "lydian", "mixolydian": "mixolydian",
         "locrian": "locrian"}  # fmt: skip  # every other scale is written as minor

# Scales spelled by hand, degree by degree.
SPELLED_SCALES = [
    ("Eb", "phrygian", "Eb Fb Gb Ab Bb Cb Db"),
    ("A", "dorian", "A B C D E F# G"),
    ("A", "harmonic_minor", "A B C D E F G#"),
    ("F#", "harmonic_minor", "F# G# A B C# D E#"),
    ("D", "melodic_minor", "D E F G A B C#"),
    ("Db", "major", "Db Eb F Gb Ab Bb C"),
    ("C#", "major", "C# D# E# F# G# A# B#"),
    ("G#", "major", "Ab Bb C Db Eb F G"),
    ("D#", "minor", "D# E# F# G# A# B C#"),
    ("Gb", "minor", "F# G# A B C# D E"),
    ("Bb", "mixolydian", "Bb C D Eb F G Ab"),
    ("F", "lydian", "F G A B C D E"),
    ("B", "locrian", "B C D E F G A"),
    ("Ab", "phrygian", "G# A B C# D# E F#"),
    ("E", "major_pentatonic", "E F# G# B C#"),
    ("Bb", "minor_pentatonic", "Bb Db Eb F Ab"),
    ("A", "blues", "A C D Eb E G"),
    ("C", "blues", "C Eb F Gb G Bb"),
]


def test_the_hand_written_tables_cover_every_key_and_scale():
    assert set(KEY_ORDER) == set(KEYS) and set(SIGNATURES) == set(SCALES)


@pytest.mark.parametrize("scale", list(SCALES))
def test_signature_of_every_key_in_every_scale(scale):
    for key, fifths in zip(KEY_ORDER, SIGNATURES[scale], strict=True):
        signature = key_signature(key, scale)
        assert (key, signature.fifths) == (key, fifths)
        assert signature.mode == MODES.get(scale, "minor")


@pytest.mark.parametrize(("key", "scale", "notes"), SPELLED_SCALES)
def test_scales_are_spelled_by_degree(key, scale, notes):
    tonic = 60 + KEYS[key]
    spelled = [spell(tonic + step, key, scale).ascii_name for step in SCALES[scale]]
    assert " ".join(spelled) == notes


@pytest.mark.parametrize("scale", [s for s, steps in SCALES.items() if len(steps) == 7])
@pytest.mark.parametrize("key", list(KEYS))
def test_a_seven_note_scale_uses_each_letter_once(key, scale):
    letters = [spell(60 + KEYS[key] + step, key, scale).letter for step in SCALES[scale]]
    assert sorted(letters) == sorted("ABCDEFG")


def test_e_flat_phrygian_has_d_flat_and_g_flat_and_seven_flats():
    assert pitch_name(73, "Eb", "phrygian") == "D♭5"
    assert pitch_name(66, "Eb", "phrygian") == "G♭4"
    assert midi_key_name("Eb", "phrygian") == "Cb"  # its relative major: C♭, seven flats


def test_a_dorian_names_its_rows_with_sharps_not_flats():
    names = [spell(57 + i, "A", "dorian").ascii_name for i in range(12)]
    assert names == ["A", "A#", "B", "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#"]


def test_spelled_octave_follows_the_letter():
    cb = spell(59, "Gb", "major")
    assert (cb.ascii_name, cb.octave, cb.midi) == ("Cb", 4, 59)
    b_sharp = spell(60, "C#", "major")
    assert (b_sharp.ascii_name, b_sharp.octave, b_sharp.midi) == ("B#", 3, 60)


def test_chord_symbols_are_spelled_in_the_key():
    assert chord_symbol((1, 4, 8), "Eb", "phrygian") == "Dbm"  # D♭ F♭ A♭
    assert chord_symbol((4, 8, 11), "Eb", "phrygian") == "Fb"
    assert chord_symbol((6, 10, 1), "D#", "minor") == "F#"
    assert chord_symbol((11, 2, 5), "C", "major") == "Bdim"


def test_pentatonic_and_blues_borrow_their_parent_scale():
    assert parent_scale("major_pentatonic") == SCALES["major"]
    assert parent_scale("minor_pentatonic") == SCALES["minor"]
    assert parent_scale("blues") == SCALES["minor"]


MAJOR_NAMES = ("Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#")
MINOR_NAMES = ("Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#")


def test_midi_key_names_stay_within_seven_accidentals():
    names = {midi_key_name(key, scale) for key in KEYS for scale in SCALES}
    assert names <= {*MAJOR_NAMES, *(name + "m" for name in MINOR_NAMES)}
