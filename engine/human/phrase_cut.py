"""Cutting a human melody at a phrase end, the way the composer ends its melodies.

The composer (engine.rhythm `cadence_events`, at the games' complexity) ends
every melody on the tonic, starting `closing_offset` beats into the last bar
(the strong middle of a 4/4 or 6/8 bar, else the downbeat) and held to the
bar's end. A human melody played in a game must end the same way, or its
ending gives its source away. So a melody is cut to a window of whole bars
that starts on a phrase start (the first full bar, then every `PHRASE_BARS`
bars) and whose last bar has the tonic exactly there (`phrase_windows`); the
closing note is held to the bar's end and what follows it (a pickup into the
next strain) is dropped (`excerpt_notes`). Then the melody is moved by whole
octaves into the composer's register for its key (`octave_shift`).

Used by scripts/build_human_pool.py (the bundled pool) and
engine.submission (member submissions). Notes here are plain
`(MIDI pitch, start beats, duration beats)` tuples; no music21.

Public API: `RawNote`, `Window`, `closing_offset`, `onset_at`, `closing_note`,
`phrase_windows`, `excerpt_notes`, `close_on_tonic`, `octave_shift`, `shifted`,
`LONGEST_CUT_BARS`, `PHRASE_BARS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from engine.compose.contour import pitch_range
from engine.melody import Note
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams
from engine.theory.meters import Meter
from engine.theory.scales import KEYS

RawNote = tuple[int, float, float]  # (MIDI pitch, start in beats, duration in beats)

LONGEST_CUT_BARS = 16  # a listening item stays short: no cut is longer
PHRASE_BARS = 4  # folk-tune phrases: a window may start every 4 bars after the first full bar
STRONG = 2  # engine.viewpoints.strength of the downbeat and of a 4/4 or 6/8 bar's middle
EPSILON = 1e-6  # beats: times are rounded to 6 decimals
OCTAVE_SHIFTS = (0, -12, 12, -24, 24)  # semitones; on a tie the first (nearer the tune) wins
MIDI_LOWEST, MIDI_HIGHEST = 0, 127  # MIDI note numbers


@dataclass(frozen=True)
class Window:
    """A cut: `bars` whole bars from bar `first_bar` (0-based after the pickup), ending on
    the note at index `closing` of the melody's notes."""

    first_bar: int
    bars: int
    closing: int


def closing_offset(meter: Meter) -> float:
    """Beats into the last bar where the composer's final note starts (engine.rhythm
    `cadence_events` at the games' complexity): the bar's strong middle in 4/4 and 6/8,
    else the downbeat."""
    middle = (meter.pulses // 2) * meter.pulse_beats
    return middle if middle and strength(meter, middle) == STRONG else 0.0


def onset_at(notes: Sequence[RawNote], beat: float) -> bool:
    """True when a note starts at `beat` (beats)."""
    return any(abs(start - beat) < EPSILON for _, start, _ in notes)


def closing_note(
    notes: Sequence[RawNote], key: str, meter: Meter, pickup: float, first_bar: int, bars: int
) -> int | None:
    """Index in `notes` of the note that can end the window of `bars` bars from `first_bar`.

    That is the note starting `closing_offset` beats into the window's final bar (where the
    composer's final note starts, a strong beat) when it is the tonic of `key` and at least
    one pulse passes before the next onset (a phrase ending, not a passing tonic). `pickup`
    is the beats before bar 0. None when there is no such note.
    """
    last_bar = pickup + (first_bar + bars - 1) * meter.bar_beats
    window_end = last_bar + meter.bar_beats
    closing_start = last_bar + closing_offset(meter)
    tonic = KEYS[key]
    for index, (pitch, start, _) in enumerate(notes):
        if abs(start - closing_start) < EPSILON:
            next_onset = notes[index + 1][1] if index + 1 < len(notes) else window_end
            if (pitch - tonic) % 12 == 0 and next_onset - start >= meter.pulse_beats - EPSILON:
                return index
            return None
    return None


def phrase_windows(
    notes: Sequence[RawNote],
    key: str,
    meter: Meter,
    pickup: float,
    total_bars: int,
    bar_choices: Iterable[int],
    phrase_bars: int = PHRASE_BARS,
) -> Iterator[Window]:
    """Every window that ends at a phrase end, best first: by `bar_choices` (longest first as
    given), then earliest. A window starts on bar 0 or every `phrase_bars` later, with a note
    on its downbeat, and fits in the `total_bars` whole bars after the `pickup` (beats)."""
    for bars in bar_choices:
        for first_bar in range(0, total_bars - bars + 1, phrase_bars):
            if not onset_at(notes, pickup + first_bar * meter.bar_beats):
                continue
            closing = closing_note(notes, key, meter, pickup, first_bar, bars)
            if closing is not None:
                yield Window(first_bar, bars, closing)


def excerpt_notes(
    notes: Sequence[RawNote], meter: Meter, pickup: float, window: Window
) -> list[RawNote]:
    """The window's notes, from its first downbeat (time 0), ending on its closing note held
    to the last bar's end; notes before the window and after the closing note are dropped."""
    origin = pickup + window.first_bar * meter.bar_beats
    end = window.bars * meter.bar_beats
    kept = []
    for index, (pitch, start, duration) in enumerate(notes[: window.closing + 1]):
        begin = start - origin
        if begin < -EPSILON:
            continue  # the pickup into the window, or an earlier phrase
        # Like the composer's final note, the closing note sounds to the end of the bar.
        length = end - begin if index == window.closing else min(duration, end - begin)
        kept.append((pitch, round(begin, 6), round(length, 6)))
    return kept


def close_on_tonic(
    notes: Sequence[RawNote], key: str, meter: Meter, pickup: float, first_bar: int, bars: int
) -> list[RawNote]:
    """The window of `bars` bars from `first_bar`, its ending replaced by the composer's: what
    sounds from `closing_offset` beats into the last bar on is dropped (a note crossing that
    point is shortened) and the tonic nearest the last kept pitch takes its place, held to the
    bar's end. For a melody with no phrase end where the composer's falls."""
    origin = pickup + first_bar * meter.bar_beats
    closing_start = (bars - 1) * meter.bar_beats + closing_offset(meter)
    kept: list[RawNote] = []
    for pitch, start, duration in notes:
        begin = start - origin
        if begin < -EPSILON or begin > closing_start - EPSILON:
            continue
        kept.append((pitch, round(begin, 6), round(min(duration, closing_start - begin), 6)))
    last = kept[-1][0] if kept else notes[0][0]
    below = last - (last - KEYS[key]) % 12
    tonic = below if last - below <= below + 12 - last or below + 12 > MIDI_HIGHEST else below + 12
    return [
        *kept,
        (tonic, round(closing_start, 6), round(bars * meter.bar_beats - closing_start, 6)),
    ]


def octave_shift(pitches: Sequence[int], params: MelodyParams) -> int:
    """Semitones (a multiple of 12) that put the mean pitch nearest the middle of the range the
    composer uses for the same parameters, so register does not tell a game's AI and human
    items apart (fiddle tunes otherwise sit ~5 semitones above the AI's melodies)."""
    low, high = pitch_range(params)
    mean = sum(pitches) / len(pitches)
    # Only shifts that keep every pitch a MIDI note (0 shift always does).
    fits = [
        shift
        for shift in OCTAVE_SHIFTS
        if min(pitches) + shift >= MIDI_LOWEST and max(pitches) + shift <= MIDI_HIGHEST
    ]
    return min(fits, key=lambda shift: abs(mean + shift - (low + high) / 2))


def shifted(notes: Iterable[RawNote], params: MelodyParams) -> tuple[Note, ...]:
    """`notes` as Notes, moved by `octave_shift` into the composer's register for `params`."""
    notes = list(notes)
    shift = octave_shift([p for p, _, _ in notes], params)
    return tuple(Note(p + shift, s, d) for p, s, d in notes)
