"""Member MIDI submissions: what is accepted, what is refused, and with which reason."""

from __future__ import annotations

import io

import mido
import pytest

from engine.melody import Melody, Note
from engine.midi import to_midi_bytes
from engine.params import MelodyParams
from engine.submission import MidiRejected, read_submission

TPB = 96


def _file(tracks: list[list[mido.Message | mido.MetaMessage]], tpb: int = TPB) -> bytes:
    midi = mido.MidiFile(type=1, ticks_per_beat=tpb)
    for messages in tracks:
        midi.tracks.append(mido.MidiTrack(messages))
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def _line(pitches: list[int], beats: float, channel: int = 0) -> list[mido.Message]:
    """Consecutive notes of `beats` each."""
    ticks = round(beats * TPB)
    messages = []
    for pitch in pitches:
        messages.append(mido.Message("note_on", channel=channel, note=pitch, velocity=80, time=0))
        messages.append(mido.Message("note_off", channel=channel, note=pitch, time=ticks))
    return messages


def _reason(data: bytes) -> str:
    with pytest.raises(MidiRejected) as caught:
        read_submission(data)
    return str(caught.value)


def test_our_own_midi_reads_back_as_the_same_melody():
    params = MelodyParams(key="D", scale="minor", tempo=132, bars=2, time="3/4", chords=False)
    notes = tuple(Note(62 + i, i * 0.75, 0.75) for i in range(8))
    melody = read_submission(to_midi_bytes(Melody(params, notes)))
    assert [(n.pitch, n.start, n.duration) for n in melody.notes] == [
        (n.pitch, n.start, n.duration) for n in notes]
    p = melody.params
    assert (p.key, p.scale, p.tempo, p.bars, p.time, p.chords) == ("D", "minor", 132, 2, "3/4",
                                                                    False)
    assert melody.provenance["collection"] == "community submission"


def test_polyphony_keeps_the_top_voice_and_the_files_meta_events():
    conductor = [
        mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90), time=0),
        mido.MetaMessage("time_signature", numerator=6, denominator=8, time=0),
        mido.MetaMessage("key_signature", key="G", time=0),
    ]
    tune = [mido.Message("program_change", channel=0, program=73, time=0),
            *_line([67, 71, 74, 72, 71, 69, 67, 66], 1.5)]
    bass = _line([43, 47, 50, 43], 3.0, channel=1)
    drums = _line([36] * 8, 1.5, channel=9)
    melody = read_submission(_file([conductor, tune, bass, drums]))
    assert [n.pitch for n in melody.notes] == [67, 71, 74, 72, 71, 69, 67, 66]
    p = melody.params
    assert (p.key, p.scale, p.tempo, p.time, p.bars, p.instrument) == (
        "G", "major", 90, "6/8", 4, "flute")


def test_chords_within_a_track_give_their_highest_note():
    chord_track = []
    for root in (60, 65, 67, 60, 62, 65, 67, 60):
        chord_track += [mido.Message("note_on", note=p, velocity=70, time=0)
                        for p in (root, root + 4, root + 7)]
        chord_track += [mido.Message("note_off", note=root, time=TPB * 2),
                        mido.Message("note_off", note=root + 4, time=0),
                        mido.Message("note_off", note=root + 7, time=0)]
    melody = read_submission(_file([chord_track]))
    assert [n.pitch for n in melody.notes] == [67, 72, 74, 67, 69, 72, 74, 67]
    assert melody.params.bars == 4 and melody.params.time == "4/4"


def test_key_is_inferred_when_the_file_has_no_key_signature():
    a_minor = [57, 60, 64, 69, 64, 60, 57, 59, 60, 62, 64, 57]
    melody = read_submission(_file([_line(a_minor, 1.0)]))
    assert (melody.params.key, melody.params.scale) == ("A", "minor")


def test_leading_empty_bars_are_dropped():
    track = [mido.MetaMessage("marker", text="silence first", time=TPB * 8),
             *_line([72, 71, 69, 67, 65, 64, 62, 60], 1.0)]
    melody = read_submission(_file([track]))
    assert melody.notes[0].start == 0 and melody.params.bars == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MThd" + b"\0" * (256 * 1024), "at most 256 KB"),
        (b"hello, I am not music", "not a MIDI file"),
        (b"MThd\0\0\0\6\0\1\0\1\0\x60MTrk\xff\xff\xff\xff" + b"\x90" * 10, "truncated"),
        (b"MThd\0\0\0\6\0\0\0\1\0\x60MTrk\0\0\0\3\x00\x40\x40", "not a valid MIDI file"),
    ],
)
def test_broken_or_oversized_files_are_refused_with_a_reason(data, reason):
    assert reason in _reason(data)


def test_truncated_copy_of_a_good_file_is_refused():
    good = _file([_line([60, 62, 64, 65], 1.0)])
    assert "truncated" in _reason(good[:-6])


def test_zero_ticks_per_beat_is_refused():
    good = bytearray(_file([_line([60, 62], 1.0)]))
    good[12:14] = b"\0\0"
    assert "zero (or SMPTE) ticks per beat" in _reason(bytes(good))


def test_too_many_notes_is_refused():
    assert "more than 2000 notes" in _reason(_file([_line([60, 64] * 1001, 0.25)]))


def test_too_many_bars_is_refused():
    assert "65 bars long; a submission may have at most 64 bars" in _reason(
        _file([_line([60] * 65, 4.0)]))


def test_a_file_with_only_drums_is_refused():
    assert "no notes" in _reason(_file([_line([36, 38], 1.0, channel=9)]))


def test_notes_never_released_end_with_their_track():
    track = [*_line([60, 62, 64, 65, 67, 69], 1.0),
             mido.Message("note_on", note=71, velocity=80, time=0),
             mido.Message("note_on", note=72, velocity=80, time=TPB * 2),
             mido.MetaMessage("end_of_track", time=TPB * 2)]
    melody = read_submission(_file([track]))
    assert [(n.pitch, n.start, n.duration) for n in melody.notes][-2:] == [(71, 6, 2), (72, 8, 2)]
    assert melody.params.bars == 3


@pytest.mark.parametrize(
    ("pitches", "beats", "reason"),
    [
        ([72], 1.0, "The melody is 1 bar long; a submission needs at least 2 bars."),
        ([60, 62, 64, 65, 67, 65, 64, 62, 60], 0.25,
         "The melody is 1 bar long; a submission needs at least 2 bars."),
        ([60, 64, 67, 72, 67, 64, 60], 1.0,
         "The melody has 7 notes; a submission needs at least 8 notes."),
        ([60, 72], 4.0, "The melody has 2 notes; a submission needs at least 8 notes."),
    ],
)
def test_a_melody_too_short_for_a_game_item_is_refused_naming_the_minimum(pitches, beats, reason):
    assert _reason(_file([_line(pitches, beats)])) == reason


def test_the_shortest_accepted_melody_is_2_bars_of_8_notes():
    melody = read_submission(_file([_line([60, 62, 64, 65, 67, 65, 64, 62], 1.0)]))
    assert (melody.params.bars, len(melody.notes)) == (2, 8)
