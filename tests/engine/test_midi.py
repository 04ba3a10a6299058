"""MIDI files: tempo, meter, key signature, notes and chords survive a round trip."""

import io

import mido
import pytest

from engine.melody import Chord, Melody, Note
from engine.midi import TICKS_PER_BEAT, notes_of_track, to_midi_bytes
from engine.params.melody import resolve
from engine.theory.spelling import midi_key_name


def _melody(chords: bool = True) -> Melody:
    params = resolve(
        {
            "key": "D",
            "scale": "minor",
            "tempo": "132",
            "bars": "2",
            "time": "3/4",
            "instrument": "flute",
            "chords": "on" if chords else "off",
        },
        random_seed=3,
    )
    notes = (Note(62, 0.0, 1.0), Note(62, 1.0, 0.5), Note(65, 1.5, 1.5), Note(62, 3.0, 3.0))
    progression = (Chord((50, 53, 57), 0.0, 3.0, "Dm"), Chord((50, 53, 57), 3.0, 3.0, "Dm"))
    return Melody(params, notes, progression)


def test_round_trip_keeps_tempo_meter_key_program_and_notes():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody())))
    metas = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert midi.ticks_per_beat == TICKS_PER_BEAT
    assert round(mido.tempo2bpm(metas["set_tempo"].tempo)) == 132
    assert (metas["time_signature"].numerator, metas["time_signature"].denominator) == (3, 4)
    assert metas["key_signature"].key == "Dm"
    programs = [m.program for m in midi.tracks[1] if m.type == "program_change"]
    assert programs == [73]
    assert notes_of_track(midi, 1) == list(_melody().notes)
    assert len(midi.tracks) == 3
    assert {n.pitch for n in notes_of_track(midi, 2)} == {50, 53, 57}


def test_repeated_pitch_is_struck_twice():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody())))
    onsets = [n.start for n in notes_of_track(midi, 1) if n.pitch == 62]
    assert onsets == [0.0, 1.0, 3.0]


def test_chords_off_writes_melody_track_only():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody(chords=False))))
    assert len(midi.tracks) == 2


def test_same_melody_gives_identical_bytes():
    assert to_midi_bytes(_melody()) == to_midi_bytes(_melody())


def test_file_length_is_whole_bars():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody())))
    # Tempo is stored in whole microseconds per beat, so compare to the microsecond.
    assert abs(midi.length - 2 * 3 * 60 / 132) < 1e-5


def test_tracks_are_named_melody_and_chords():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody())))
    names = [m.name for track in midi.tracks[1:] for m in track if m.type == "track_name"]
    assert names == ["Melody", "Chords"]


@pytest.mark.parametrize(
    ("key", "scale", "signature"),
    [
        ("D", "minor", "Dm"),
        ("D", "major", "D"),
        ("D", "dorian", "C"),
        ("E", "phrygian", "C"),
        ("F", "lydian", "C"),
        ("D", "mixolydian", "G"),
        ("B", "locrian", "C"),
        ("Eb", "phrygian", "Cb"),
        ("Db", "dorian", "Cb"),
        ("C", "phrygian", "Ab"),
        ("A", "harmonic_minor", "Am"),
        ("G", "major_pentatonic", "G"),
        ("E", "minor_pentatonic", "Em"),
    ],
)
def test_key_signature_has_the_scale_accidentals(key, scale, signature):
    assert midi_key_name(key, scale) == signature


def test_the_file_carries_its_title_parameters_generator_and_seed():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody())))
    metas = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert metas["track_name"].name == "D minor melody"  # a DAW shows it as the song title
    assert "132 BPM" in metas["text"].text and "seed 3" in metas["text"].text
    assert metas["copyright"].text.startswith("Written by melodybot")
    assert metas["copyright"].text.endswith("seed 3")


def test_flat_keys_are_written_in_plain_letters_in_the_title():
    params = resolve({"key": "Eb", "scale": "phrygian", "bars": "1"}, random_seed=1)
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(Melody(params, (Note(63, 0.0, 4.0),)))))
    assert midi.tracks[0][0].name == "Eb phrygian melody"  # MIDI text is Latin-1: no ♭


def test_chords_play_on_their_own_program_under_the_melody():
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(_melody())))  # a flute melody
    programs = [m.program for track in midi.tracks[1:] for m in track if m.type == "program_change"]
    assert programs == [73, 0]  # flute, chords on a piano: never a second flute
    piano = _melody()
    piano = Melody(piano.params.replace(instrument="piano"), piano.notes, piano.chords)
    midi = mido.MidiFile(file=io.BytesIO(to_midi_bytes(piano)))
    programs = [m.program for track in midi.tracks[1:] for m in track if m.type == "program_change"]
    assert programs == [0, 89]  # a piano melody over a warm pad
