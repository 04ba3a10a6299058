"""MusicXML: valid for music21 across every key × scale × meter, in the right key, with
full measures, pitches and times matching the MIDI file, spelled, tied and titled."""

from __future__ import annotations

import io
from fractions import Fraction

import mido
import music21
import pytest

from engine.melody import Chord, Melody, Note
from engine.midi import notes_of_track, to_midi_bytes
from engine.notation.musicxml import to_musicxml
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.spelling import key_signature


def _exact(value: float) -> Fraction:
    return Fraction(value).limit_denominator(48)


def _parse(melody: Melody) -> music21.stream.Score:
    return music21.converter.parse(to_musicxml(melody), format="musicxml")


def _written_notes(score: music21.stream.Score) -> list[tuple[int, Fraction, Fraction]]:
    notes = score.flatten().stripTies().notes
    return [(n.pitch.midi, _exact(n.offset), _exact(n.quarterLength)) for n in notes if n.isNote]


def _midi_notes(melody: Melody) -> list[tuple[int, Fraction, Fraction]]:
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(melody)))
    return [(n.pitch, _exact(n.start), _exact(n.duration)) for n in notes_of_track(midi, 1)]


def test_every_key_scale_and_meter_parses_in_its_key_with_full_measures(corpus):
    assert {m.params.time for m in corpus} == set(METERS)
    for melody in corpus:
        score = _parse(melody)
        part = score.parts[0]
        expected = key_signature(melody.params.key, melody.params.scale).fifths
        assert part.flatten().getElementsByClass("KeySignature")[0].sharps == expected
        measures = list(part.getElementsByClass("Measure"))
        assert len(measures) == melody.params.bars
        bar = melody.meter.bar_beats
        for measure in measures:
            written = sum(n.quarterLength for n in measure.notesAndRests if not n.isChord)
            assert _exact(written) == _exact(bar), (melody.params, measure.number)
        assert _written_notes(score) == _midi_notes(melody), melody.params


def test_chord_symbols_appear_only_with_chords_on(corpus):
    for melody in corpus[:24]:
        symbols = list(_parse(melody).flatten().getElementsByClass("ChordSymbol"))
        assert bool(symbols) == (melody.params.chords and bool(melody.chords))


def test_e_flat_phrygian_is_written_with_flats_and_its_chords_spelled():
    params = MelodyParams(key="Eb", scale="phrygian", bars=1)
    notes = (Note(63, 0, 1), Note(64, 1, 1), Note(66, 2, 1), Note(73, 3, 1))
    melody = Melody(params, notes, (Chord((49, 52, 56), 0.0, 4.0, "Dbm"),))
    score = _parse(melody)
    names = [n.pitch.name for n in score.flatten().notes if n.isNote]
    assert names == ["E-", "F-", "G-", "D-"]
    assert [c.figure for c in score.flatten().getElementsByClass("ChordSymbol")] == ["D-m"]


def test_a_note_over_the_bar_line_is_tied_and_the_title_carries_the_seed():
    params = MelodyParams(key="C", scale="major", bars=2, seed=4242)
    melody = Melody(params, (Note(60, 0, 3), Note(62, 3, 3), Note(64, 6, 2)))
    text = to_musicxml(melody)
    score = music21.converter.parse(text, format="musicxml")
    tied = [n for n in score.flatten().notes if n.tie is not None]
    assert [n.tie.type for n in tied] == ["start", "stop"]
    assert "seed 4242" in text and "C major melody" in text


@pytest.mark.parametrize("time", list(METERS))
def test_eighths_are_beamed_within_a_beat(time):
    params = MelodyParams(bars=1, time=time)
    length = int(METERS[time].bar_beats * 2)
    melody = Melody(params, tuple(Note(60 + i, i * 0.5, 0.5) for i in range(length)))
    score = _parse(melody)
    states = [n.beams.getByNumber(1).type for n in score.flatten().notes]
    group = 3 if time == "6/8" else 2
    assert states == (["start"] + ["continue"] * (group - 2) + ["stop"]) * (length // group)


def test_thirty_seconds_and_dotted_sixteenths_of_human_tunes_are_written_exactly():
    params = MelodyParams(bars=1, chords=False)
    rhythm = [0.75, 0.25, 0.125, 0.125, 0.25, 0.5, 1 / 3, 1 / 3, 1 / 3, 1.0]
    starts = [sum(rhythm[:i]) for i in range(len(rhythm))]
    notes = tuple(Note(60 + i, s, d) for i, (s, d) in enumerate(zip(starts, rhythm, strict=True)))
    melody = Melody(params, notes)
    assert _written_notes(_parse(melody)) == _midi_notes(melody)
