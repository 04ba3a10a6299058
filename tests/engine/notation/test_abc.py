"""ABC: every melody reads back through music21's ABC reader with the same pitches and
durations, in its key and meter, with its title, parameters and seed."""

from __future__ import annotations

from fractions import Fraction

import music21

from engine.melody import Melody, Note
from engine.notation.abc import to_abc
from engine.params.melody import MelodyParams


def _exact(value: float) -> Fraction:
    return Fraction(value).limit_denominator(48)


def _read(melody: Melody) -> list[tuple[int, Fraction, Fraction]]:
    score = music21.converter.parse(to_abc(melody), format="abc")
    notes = score.flatten().stripTies().notes
    return [(n.pitch.midi, _exact(n.offset), _exact(n.quarterLength)) for n in notes if n.isNote]


def test_every_melody_round_trips_through_music21(corpus):
    for melody in corpus:
        expected = [(n.pitch, _exact(n.start), _exact(n.duration)) for n in melody.notes]
        assert _read(melody) == expected, (melody.params, to_abc(melody))


def test_header_names_key_mode_meter_tempo_and_seed():
    params = MelodyParams(key="Eb", scale="phrygian", time="6/8", tempo=96, bars=1, seed=77)
    text = to_abc(Melody(params, (Note(63, 0, 3),)))
    header = dict(line.split(":", 1) for line in text.splitlines() if line[1:2] == ":")
    assert header["K"] == "Ebphr" and header["M"] == "6/8" and header["Q"] == "1/4=96"
    assert "E♭ phrygian melody" in text and "seed 77" in text


def test_accidentals_outside_the_key_are_written_and_restored():
    params = MelodyParams(key="A", scale="harmonic_minor", bars=1, chords=False)
    # G♯ (the raised seventh), G♮ in another octave, then G♯ again: each must read back.
    notes = (Note(68, 0, 1), Note(67, 1, 1), Note(79, 2, 1), Note(68, 3, 1))
    assert [p for p, _, _ in _read(Melody(params, notes))] == [68, 67, 79, 68]


def test_rests_fill_the_bar_and_a_silent_bar_is_one_rest():
    params = MelodyParams(bars=2, chords=False)
    melody = Melody(params, (Note(60, 1, 1),))
    score = music21.converter.parse(to_abc(melody), format="abc")
    written = [(n.isRest, n.offset, n.quarterLength) for n in score.flatten().notesAndRests]
    assert written == [(True, 0, 1), (False, 1, 1), (True, 2, 2), (True, 4, 4)]
