"""Melody fingerprints that survive transposition, tempo changes and cutting.

A melody becomes a sequence of steps, one per pair of consecutive notes: the
pitch interval (semitones) and the ratio of their durations (as a small
fraction). Transposing changes no interval; a new tempo, or every duration
scaled alike, changes no ratio. The fingerprint is the set of 64-bit hashes of
every run of `RUN_STEPS` consecutive steps, so an excerpt, or a tune whose
ending was changed, still shares most of its runs with the original.

Public API: `fingerprint`, `fingerprint_of_midi`, `fingerprint_of_melody`, `top_voice_of`,
`titled_fingerprints`, `matches`,
`RUN_STEPS`, `MATCH_SHARE`.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction

import mido

from engine.melody import Melody, Note
from engine.midi import notes_of_track

RUN_STEPS = 6  # steps per run: 7 notes, long enough to be a tune's own
MATCH_SHARE = 0.6  # share of a melody's runs found in another that makes them the same tune
MAX_RATIO_DENOMINATOR = 16  # duration ratios are rounded to fractions with at most this below
MELODY_TRACK = 1  # the bot's MIDI files: track 0 conducts, track 1 is the melody


def _steps(notes: Sequence[Note]) -> list[tuple[int, Fraction]]:
    ordered = sorted(notes, key=lambda n: (n.start, -n.pitch))
    return [
        (
            b.pitch - a.pitch,
            Fraction(b.duration / a.duration).limit_denominator(MAX_RATIO_DENOMINATOR),
        )
        for a, b in itertools.pairwise(ordered)
        if a.duration > 0
    ]


def fingerprint(notes: Sequence[Note]) -> frozenset[int]:
    """The hashes (signed 64-bit, as SQLite stores them) of every run of RUN_STEPS steps."""
    steps = _steps(notes)
    grams = set()
    for start in range(len(steps) - RUN_STEPS + 1):
        text = ";".join(f"{i},{r}" for i, r in steps[start : start + RUN_STEPS])
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        grams.add(int.from_bytes(digest, "big", signed=True))
    return frozenset(grams)


def fingerprint_of_midi(midi: bytes) -> frozenset[int]:
    """The fingerprint of a MIDI file the bot wrote (its melody track)."""
    return fingerprint(notes_of_track(mido.MidiFile(file=io.BytesIO(midi)), MELODY_TRACK))


def matches(candidate: Collection[int], shared: int) -> bool:
    """Whether sharing `shared` runs makes `candidate` a copy of another melody."""
    return bool(candidate) and shared >= MATCH_SHARE * len(candidate)


def titled_fingerprints(melodies: Iterable[Melody]) -> list[tuple[str, frozenset[int]]]:
    """Each melody's title (from its provenance) with its fingerprint, e.g. of the human pool."""
    return [(m.provenance.get("title", "a bundled tune"), fingerprint(m.notes)) for m in melodies]


ONSET_GRID_BEATS = 1 / 48  # onsets closer than this count as one (as submissions snap them)


def top_voice_of(melody: Melody) -> list[Note]:
    """The highest note at each onset of the melody and its chords together, each cut where
    the next begins: what a reader that keeps the top voice of a file (as submissions do)
    takes for the tune when the bot's MIDI file, chords and all, is re-uploaded."""
    highest: dict[float, tuple[int, float]] = {}
    sounding = [(n.start, n.pitch, n.duration) for n in melody.notes]
    sounding += [(c.start, p, c.duration) for c in melody.chords for p in c.pitches]
    for start, pitch, duration in sounding:
        onset = round(start / ONSET_GRID_BEATS) * ONSET_GRID_BEATS
        if onset not in highest or pitch > highest[onset][0]:
            highest[onset] = (pitch, duration)
    onsets = sorted(highest)
    voice = []
    for index, onset in enumerate(onsets):
        pitch, duration = highest[onset]
        end = onset + duration
        if index + 1 < len(onsets):
            end = min(end, onsets[index + 1])
        voice.append(Note(pitch, onset, end - onset))
    return voice


def fingerprint_of_melody(melody: Melody) -> frozenset[int]:
    """The runs of the melody alone and of its top voice with the chords: a copy of either
    (the melody track, or the whole file read for its top voice) is recognised."""
    return fingerprint(melody.notes) | fingerprint(top_voice_of(melody))
