"""Member MIDI submissions: what is accepted, what is refused, and with which reason; and an
accepted melody ends like the bundled tunes and the composer's melodies, in their register."""

from __future__ import annotations

import io

import mido
import pytest

from engine.compose.contour import pitch_range
from engine.errors import MidiRejected
from engine.human.phrase_cut import closing_offset
from engine.human.submission import read_submission
from engine.melody import Melody, Note
from engine.midi import to_midi_bytes
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS

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
    # It ends as the composer's melodies do (tonic on the last downbeat, held), in register.
    params = MelodyParams(key="D", scale="minor", tempo=132, bars=3, time="3/4", chords=False)
    pitches = [62, 64, 65, 67, 69, 67, 65, 64]
    notes = (*(Note(p, i * 0.75, 0.75) for i, p in enumerate(pitches)), Note(62, 6.0, 3.0))
    melody = read_submission(to_midi_bytes(Melody(params, notes)))
    assert [(n.pitch, n.start, n.duration) for n in melody.notes] == [
        (n.pitch, n.start, n.duration) for n in notes
    ]
    p = melody.params
    assert (p.key, p.scale, p.tempo, p.bars, p.time, p.chords) == (
        "D",
        "minor",
        132,
        3,
        "3/4",
        False,
    )
    assert melody.provenance["collection"] == "community submission"


def test_polyphony_keeps_the_top_voice_and_the_files_meta_events():
    conductor = [
        mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90), time=0),
        mido.MetaMessage("time_signature", numerator=6, denominator=8, time=0),
        mido.MetaMessage("key_signature", key="G", time=0),
    ]
    tune = [
        mido.Message("program_change", channel=0, program=73, time=0),
        *_line([67, 71, 74, 72, 71, 69, 67, 67], 1.5),
    ]
    bass = _line([43, 47, 50, 43], 3.0, channel=1)
    drums = _line([36] * 8, 1.5, channel=9)
    melody = read_submission(_file([conductor, tune, bass, drums]))
    assert [n.pitch for n in melody.notes] == [67, 71, 74, 72, 71, 69, 67, 67]
    p = melody.params
    assert (p.key, p.scale, p.tempo, p.time, p.bars, p.instrument) == (
        "G",
        "major",
        90,
        "6/8",
        4,
        "flute",
    )


def test_chords_within_a_track_give_their_highest_note():
    chord_track = []
    for root in (60, 65, 67, 60, 62, 65, 67, 60):
        chord_track += [
            mido.Message("note_on", note=p, velocity=70, time=0) for p in (root, root + 4, root + 7)
        ]
        chord_track += [
            mido.Message("note_off", note=root, time=TPB * 2),
            mido.Message("note_off", note=root + 4, time=0),
            mido.Message("note_off", note=root + 7, time=0),
        ]
    melody = read_submission(_file([chord_track]))
    assert [n.pitch for n in melody.notes] == [67, 72, 74, 67, 69, 72, 74, 67]
    assert melody.params.bars == 4 and melody.params.time == "4/4"


def test_key_is_inferred_when_the_file_has_no_key_signature():
    a_minor = [57, 60, 64, 69, 64, 60, 57, 59, 60, 62, 64, 57]
    melody = read_submission(_file([_line(a_minor, 1.0)]))
    assert (melody.params.key, melody.params.scale) == ("A", "minor")


def test_leading_empty_bars_are_dropped():
    track = [
        mido.MetaMessage("marker", text="silence first", time=TPB * 8),
        *_line([72, 71, 69, 67, 65, 64, 62, 60], 1.0),
    ]
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
        _file([_line([60] * 65, 4.0)])
    )


def test_a_file_with_only_drums_is_refused():
    assert "no notes" in _reason(_file([_line([36, 38], 1.0, channel=9)]))


def test_notes_never_released_end_with_their_track():
    track = [
        *_line([60, 62, 64, 65, 67, 69], 1.0),
        mido.Message("note_on", note=71, velocity=80, time=0),
        mido.Message("note_on", note=72, velocity=80, time=TPB * 4),
        mido.MetaMessage("end_of_track", time=TPB * 2),
    ]
    melody = read_submission(_file([track]))
    assert [(n.pitch, n.start, n.duration) for n in melody.notes][-2:] == [(71, 6, 4), (72, 10, 2)]
    assert melody.params.bars == 3


@pytest.mark.parametrize(
    ("pitches", "beats", "reason"),
    [
        ([72], 1.0, "The melody is 1 bar long; a submission needs at least 2 bars."),
        (
            [60, 62, 64, 65, 67, 65, 64, 62, 60],
            0.25,
            "The melody is 1 bar long; a submission needs at least 2 bars.",
        ),
        (
            [60, 64, 67, 72, 67, 64, 60],
            1.0,
            "The melody has 7 notes; a submission needs at least 8 notes.",
        ),
        ([60, 72], 4.0, "The melody has 2 notes; a submission needs at least 8 notes."),
    ],
)
def test_a_melody_too_short_for_a_game_item_is_refused_naming_the_minimum(pitches, beats, reason):
    assert _reason(_file([_line(pitches, beats)])) == reason


def test_the_shortest_accepted_melody_is_2_bars_of_8_notes():
    track = [
        *_line([60, 62, 64, 65], 1.0),
        *_line([67, 65], 0.5),
        *_line([64], 1.0),
        *_line([60], 2.0),
    ]
    melody = read_submission(_file([track]))
    assert (melody.params.bars, len(melody.notes)) == (2, 8)


# --- submissions end as the bundled human tunes and the composer's melodies do ------------

G_KEY = [mido.MetaMessage("key_signature", key="G", time=0)]
RUN = [79, 81, 83, 81]  # a fiddle-register run in G (an octave above the composer's G)


def _bars_of_run(bars: int) -> list[mido.Message]:
    return _line(RUN * bars, 1.0)


def _composer_centre(key: str) -> float:
    low, high = pitch_range(MelodyParams(key=key))
    return (low + high) / 2


def test_a_melody_that_stops_mid_phrase_is_cut_at_its_phrase_end_in_the_composers_register():
    # Bar 8 closes on a G held from beat 3; bars 9-10 run on and stop on F#, mid-phrase.
    track = [
        *G_KEY,
        *_bars_of_run(7),
        *_line([83, 81], 1.0),
        *_line([79], 2.0),
        *_bars_of_run(1),
        *_line([81, 83, 81, 78], 1.0),
    ]
    melody = read_submission(_file([track]))
    last = melody.notes[-1]
    assert melody.params.bars == 8 and melody.params.key == "G"
    # the tonic, where the composer's final note starts (beat 3 of a 4/4 bar), to the bar end
    assert (last.pitch % 12, last.start, last.end) == (
        KEYS["G"],
        28 + closing_offset(METERS["4/4"]),
        32,
    )
    assert last.pitch == 79 - 12  # moved an octave down, into the composer's register
    mean = sum(n.pitch for n in melody.notes) / len(melody.notes)
    assert abs(mean - _composer_centre("G")) <= 6
    assert melody.provenance == {"collection": "community submission", "excerpt": "bars 1-8"}


def test_a_long_melody_is_cut_to_16_bars_at_a_phrase_end():
    cadence = [*_line([83, 81], 1.0), *_line([79], 2.0)]
    track = [
        *G_KEY,
        *_bars_of_run(7),
        *cadence,
        *_bars_of_run(7),
        *cadence,
        *_bars_of_run(7),
        *cadence,
    ]
    melody = read_submission(_file([track]))
    assert melody.params.bars == 16 and melody.provenance["excerpt"] == "bars 1-16"
    assert (melody.notes[-1].start, melody.notes[-1].end) == (62, 64)


def test_a_pickup_before_the_first_full_bar_is_dropped():
    pickup = [mido.MetaMessage("marker", text="rest", time=TPB * 3), *_line([74], 1.0)]
    track = [*G_KEY, *pickup, *_bars_of_run(1), *_line([83, 81], 1.0), *_line([79], 2.0)]
    melody = read_submission(_file([track]))
    assert melody.params.bars == 2 and melody.notes[0].start == 0
    assert [n.pitch + 12 for n in melody.notes] == [*RUN, 83, 81, 79]
    assert melody.provenance["excerpt"] == "bars 2-3"


def test_a_melody_without_such_a_phrase_end_is_kept_and_closed_on_its_tonic():
    # Never has G at beat 3: accepted (not refused), its last half bar replaced.
    track = [*G_KEY, *_line([79, 81, 83, 84] * 3 + [83, 81, 78, 76], 1.0)]
    melody = read_submission(_file([track]))
    assert melody.params.bars == 4
    assert [(n.pitch, n.start, n.duration) for n in melody.notes][-3:] == [
        (71, 12, 1),
        (69, 13, 1),
        (67, 14, 2),
    ]  # ...B A, then G held (not F# E), an octave down
    assert melody.provenance["ending"] == "closed on the tonic"


def test_a_melody_from_the_lowest_to_the_highest_midi_note_reads_and_writes_back():
    track = [*G_KEY, *_line([0, 127, 126, 125] * 3 + [127, 126, 125, 124], 1.0)]
    melody = read_submission(_file([track]))
    assert all(0 <= n.pitch <= 127 for n in melody.notes)
    assert read_submission(to_midi_bytes(melody)).params.bars == melody.params.bars


def test_a_two_bar_melody_with_a_pickup_bar_keeps_its_pickup_rather_than_be_one_bar():
    track = [
        *G_KEY,
        mido.MetaMessage("marker", text="rest", time=TPB),
        *_line([72, 74, 76], 1.0),
        *_line([79, 81, 83, 81], 0.5),
        *_line([79], 2.0),
    ]
    melody = read_submission(_file([track]))
    assert melody.params.bars == 2 and melody.notes[-1].end == 8


_HEADER = b"MThd\0\0\0\6\0\1\0\1\0\x60"


def _track(events: bytes) -> bytes:
    return b"MTrk" + len(events).to_bytes(4, "big") + events


def test_an_mp3_is_not_a_midi_file_whatever_its_size():
    mp3 = b"ID3\x04\0\0\0\0\0\0" + b"\xff\xfb\x90\x64" * (200 * 1024)
    assert _reason(mp3).startswith("That is not a MIDI file.")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # A delta time of 64 continuation bytes: Python would build a huge integer.
        (_HEADER + _track(b"\x80" * 64 + b"\0\xff\x2f\0"), "longer than 4 bytes"),
        # A run of 0xFF: a meta event whose length never ends.
        (_HEADER + _track(b"\0" + b"\xff" * 200_000), "a meta event of an impossible type"),
        (_HEADER + _track(b"\0\xff\x01" + b"\xff" * 200_000), "longer than 4 bytes"),
        (_HEADER + _track(b"\0\x40\x40"), "running status with no earlier status byte"),
        (_HEADER + _track(b"\0\x90\x3c\xc0"), "data byte above 127"),
        (_HEADER + _track(b"\0\xf3\x01"), "status byte 0xF3"),
        (_HEADER + _track(b"\0\xff\x51\x0f\x07"), "truncated"),
        (b"MThd\0\0\0\6\0\1\x01\0\0\x60", "declares 256 tracks"),
        (b"MThd\xff\xff\xff\xff\0\1\0\1\0\x60", "a header of 4294967295 bytes"),
        (_HEADER + b"MTrk\x7f\xff\xff\xff\0", "truncated"),
        (_HEADER, "no tracks"),
    ],
)
def test_hostile_structure_is_refused_before_parsing(data, reason):
    message = _reason(data)
    assert reason in message
    assert "\n" not in message


def test_too_many_events_are_refused():
    events = b"\0\xff\x01\0" * 50_001
    assert "more than 50000 events" in _reason(_HEADER + _track(events))
