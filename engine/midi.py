"""MIDI files with mido: melody (and chords) to Standard MIDI File bytes, and back.

Byte-identical output for identical input: no time stamps or random names.
"""

from __future__ import annotations

import io
from importlib.metadata import PackageNotFoundError, version

import mido

from engine.melody import Melody, Note
from engine.notation.titles import subtitle, title
from engine.theory.instruments import chord_program, program_for
from engine.theory.spelling import ASCII_SIGNS, SIGNS, midi_key_name

TICKS_PER_BEAT = 480  # ticks per quarter note
MELODY_CHANNEL = 0
CHORD_CHANNEL = 1
CHORD_VELOCITY = 58
# The mark every file we write carries (a sequencer-specific meta event): 0x7D is the MIDI
# manufacturer id for non-commercial use, then the generator's name and version.
GENERATOR_NAME = "melodybot"


def _generator_version() -> str:
    try:
        return version(GENERATOR_NAME)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "dev"


GENERATOR_MARK = (0x7D, *f"{GENERATOR_NAME} {_generator_version()}".encode("ascii"))


def beats_to_ticks(beats: float) -> int:
    """Beats (quarter notes) to ticks at TICKS_PER_BEAT."""
    return round(beats * TICKS_PER_BEAT)


def credit(melody: Melody) -> str:
    """The text meta: which program wrote the file and, for a composed melody, its seed."""
    made = f"Written by {GENERATOR_NAME} {_generator_version()}"
    return made if melody.provenance else f"{made}, seed {melody.params.seed}"


def _events_track(
    name: str, channel: int, program: int, events: list[tuple[int, int, int, int]]
) -> mido.MidiTrack:
    """A track from (start tick, end tick, pitch, velocity) events."""
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=name, time=0))
    track.append(mido.Message("program_change", channel=channel, program=program, time=0))
    timeline: list[tuple[int, int, mido.Message]] = []
    for start, end, pitch, velocity in events:
        # Sort key puts note_off (0) before note_on (1) at equal ticks, so repeats re-strike.
        timeline.append((end, 0, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
        timeline.append(
            (start, 1, mido.Message("note_on", channel=channel, note=pitch, velocity=velocity))
        )
    timeline.sort(key=lambda item: (item[0], item[1], item[2].note))
    now = 0
    for tick, _, message in timeline:
        track.append(message.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track


def to_midi_file(melody: Melody) -> mido.MidiFile:
    """A type-1 MIDI file: a conductor track, the melody, and chords when `params.chords`."""
    params = melody.params
    meter = melody.meter
    conductor = mido.MidiTrack()
    # DAWs show a type-1 file's first track name as the song's title.
    conductor.append(mido.MetaMessage("track_name", name=_latin1(title(melody)), time=0))
    conductor.append(mido.MetaMessage("text", text=_latin1(subtitle(melody)), time=0))
    conductor.append(mido.MetaMessage("copyright", text=credit(melody), time=0))
    conductor.append(mido.MetaMessage("sequencer_specific", data=GENERATOR_MARK, time=0))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(params.tempo), time=0))
    conductor.append(
        mido.MetaMessage(
            "time_signature", numerator=meter.numerator, denominator=meter.denominator, time=0
        )
    )
    conductor.append(
        mido.MetaMessage("key_signature", key=midi_key_name(params.key, params.scale), time=0)
    )
    conductor.append(mido.MetaMessage("end_of_track", time=beats_to_ticks(melody.total_beats)))
    program = program_for(params.instrument)
    melody_track = _events_track(
        "Melody",
        MELODY_CHANNEL,
        program,
        [
            (beats_to_ticks(n.start), beats_to_ticks(n.end), n.pitch, n.velocity)
            for n in melody.notes
        ],
    )
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    midi.tracks.extend([conductor, melody_track])
    if params.chords and melody.chords:
        chord_events = [
            (beats_to_ticks(c.start), beats_to_ticks(c.start + c.duration), p, CHORD_VELOCITY)
            for c in melody.chords
            for p in c.pitches
        ]
        midi.tracks.append(
            _events_track("Chords", CHORD_CHANNEL, chord_program(program), chord_events)
        )
    return midi


def _latin1(text: str) -> str:
    """Text a MIDI meta can hold (mido writes Latin-1): music signs as letters, '♭' → 'b'."""
    for alter, sign in SIGNS.items():
        text = text.replace(sign, ASCII_SIGNS[alter]) if sign else text
    return text.encode("latin-1", errors="replace").decode("latin-1")


def carries_generator_mark(data: bytes) -> bool:
    """Whether MIDI bytes carry our mark (of any version): this bot wrote them.

    A plain byte search, so the bot can check an untrusted upload without parsing it.
    """
    return bytes(GENERATOR_MARK[: 2 + len(GENERATOR_NAME)]) in data


def to_midi_bytes(melody: Melody) -> bytes:
    """Standard MIDI File bytes of a melody; identical input gives identical bytes."""
    buffer = io.BytesIO()
    to_midi_file(melody).save(file=buffer)
    return buffer.getvalue()


def notes_of_track(midi: mido.MidiFile, track_index: int) -> list[Note]:
    """The notes of one track, with start and duration in beats."""
    open_notes: dict[int, tuple[int, int]] = {}
    notes: list[Note] = []
    tick = 0
    for message in midi.tracks[track_index]:
        tick += message.time
        if message.type == "note_on" and message.velocity > 0:
            open_notes[message.note] = (tick, message.velocity)
        elif message.type in ("note_off", "note_on") and message.note in open_notes:
            start, velocity = open_notes.pop(message.note)
            notes.append(
                Note(
                    message.note,
                    start / midi.ticks_per_beat,
                    (tick - start) / midi.ticks_per_beat,
                    velocity,
                )
            )
    return sorted(notes, key=lambda n: (n.start, n.pitch))
