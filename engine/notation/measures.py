"""A melody cut into written bars: notes and rests split at bar lines and beats, tied, beamed.

Time is counted in units of 1/24 of a quarter-note beat (`UNITS_PER_BEAT`), which
holds 32nds (3 units) and triplet eighths, sixteenths and 32nds (8, 4 and 2 units):
every duration the composer writes and the human tunes hold. A quarter-note beat
holding a time off the 32nd grid is written as a triplet beat (3 in the time of 2);
in other beats (the dotted quarters of 6/8) times are snapped to the 32nd grid.

A note is split at every bar line and, unless it fills whole beats from a beat, at
every beat, and the parts are tied: so each beat reads on its own and notes within
a beat are beamed together. Chord changes also split a note, so a symbol always
stands over a written note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise

from engine.melody import Melody
from engine.theory.spelling import KeySignature, Spelled, key_signature, spell

UNITS_PER_BEAT = 24
PLAIN_GRID, TRIPLET_GRID = 3, 2  # units: a 32nd, a triplet 32nd
# Written values (units → note type, dots), longest first, as the greedy split tries them.
PLAIN_VALUES: dict[int, tuple[str, int]] = {
    96: ("whole", 0), 72: ("half", 1), 48: ("half", 0), 36: ("quarter", 1),
    24: ("quarter", 0), 18: ("eighth", 1), 12: ("eighth", 0), 9: ("16th", 1),
    6: ("16th", 0), 3: ("32nd", 0),
}  # fmt: skip
# Triplet values: sounding units → written type; written length is 3/2 of the sounding.
TRIPLET_VALUES: dict[int, str] = {16: "quarter", 8: "eighth", 4: "16th", 2: "32nd"}
BEAM_LEVELS = {"eighth": 1, "16th": 2, "32nd": 3}  # beams a written type carries


@dataclass(frozen=True)
class Piece:
    """One written note or rest in a bar; times in units from the bar's start.

    `beams` has one state per beam level ('begin', 'continue', 'end',
    'forward hook', 'backward hook'); `beat` is the beat the piece lies in.
    """

    pitch: Spelled | None  # None for a rest
    start: int
    units: int
    type: str
    dots: int = 0
    triplet: bool = False
    tie_start: bool = False
    tie_stop: bool = False
    whole_bar_rest: bool = False
    beat: int = 0
    beams: tuple[str, ...] = ()

    @property
    def written_units(self) -> Fraction:
        """Length as written, before a triplet's 2:3 scaling (a triplet eighth writes 12)."""
        return Fraction(self.units * 3, 2) if self.triplet else Fraction(self.units)


@dataclass(frozen=True)
class Bar:
    """A written bar: its pieces, its chord symbols (start unit, symbol) and its length."""

    number: int  # from 1
    units: int
    pieces: tuple[Piece, ...]
    chords: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class _Span:
    pitch: int | None
    start: int  # units from the melody's start
    end: int
    tie_in: bool = False
    tie_out: bool = False


def _units(beats: float) -> int:
    return round(beats * UNITS_PER_BEAT)


def _melody_spans(melody: Melody, total: int) -> list[_Span]:
    """The notes on the unit grid, one at a time: a note ends where the next begins."""
    notes = sorted(melody.notes, key=lambda n: (_units(n.start), -n.pitch))
    spans: list[_Span] = []
    for index, note in enumerate(notes):
        start = _units(note.start)
        if spans and spans[-1].start == start:
            continue  # two notes at once: the higher (first in order) is the melody
        following = next(
            (_units(n.start) for n in notes[index + 1 :] if _units(n.start) > start), total
        )
        end = min(_units(note.end), following, total)
        if end > start:
            spans.append(_Span(note.pitch, start, end))
    return spans


def _bar_spans(spans: list[_Span], origin: int, length: int) -> list[_Span]:
    """The spans inside one bar (times from its start), tied over its bar lines, rests between."""
    inside: list[_Span] = []
    cursor = 0
    for span in spans:
        start, end = max(span.start - origin, 0), min(span.end - origin, length)
        if end <= start:
            continue
        if start > cursor:
            inside.append(_Span(None, cursor, start))
        inside.append(
            _Span(span.pitch, start, end, span.start < origin, span.end > origin + length)
        )
        cursor = end
    if cursor < length:
        inside.append(_Span(None, cursor, length))
    return inside


def _snapped(spans: list[_Span], beat: int, cuts: set[int]) -> tuple[list[_Span], set[int]]:
    """Times snapped to each beat's grid; returns the spans and the triplet beats."""
    triplet_beats = set()
    if beat == UNITS_PER_BEAT:  # triplets are written in quarter-note beats only
        for time in cuts | {s.start for s in spans}:
            if time % PLAIN_GRID:
                triplet_beats.add(time // beat)

    def snap(time: int) -> int:
        grid = TRIPLET_GRID if time // beat in triplet_beats else PLAIN_GRID
        return round(time / grid) * grid

    snapped = [_Span(s.pitch, snap(s.start), snap(s.end), s.tie_in, s.tie_out) for s in spans]
    return [s for s in snapped if s.end > s.start], triplet_beats


def _split(start: int, end: int, beat: int, cuts: set[int]) -> list[int]:
    """Where a span is cut: at beats (unless it is whole plain beats from a beat) and `cuts`."""
    beats = range(start - start % beat + beat, end, beat)
    bounds = [start, *sorted({c for c in cuts if start < c < end} | set(beats)), end]
    merged = [start]
    for left, right in pairwise(bounds[1:]):
        # Whole beats from a beat stay one note while a single written value holds them.
        whole_beats = merged[-1] % beat == 0 and right % beat == 0 and left not in cuts
        if not (whole_beats and right - merged[-1] in PLAIN_VALUES):
            merged.append(left)
    return merged[1:]


def _values(length: int, *, triplet: bool) -> list[tuple[int, str, int]]:
    """A length within one beat as written values (units, type, dots), longest first."""
    if not triplet and length in PLAIN_VALUES:
        return [(length, *PLAIN_VALUES[length])]
    table = {u: (t, 0) for u, t in TRIPLET_VALUES.items()} if triplet else PLAIN_VALUES
    values = []
    for units, (kind, dots) in table.items():
        while length >= units:
            values.append((units, kind, dots))
            length -= units
    return values


def _pieces(
    span: _Span, beat: int, cuts: set[int], triplets: set[int], signature_key: tuple[str, str]
) -> list[Piece]:
    """One span as written pieces, tied to each other and over the bar lines."""
    spelled = None if span.pitch is None else spell(span.pitch, *signature_key)
    bounds = [span.start, *_split(span.start, span.end, beat, cuts), span.end]
    pieces: list[Piece] = []
    for left, right in pairwise(bounds):
        triplet = left // beat in triplets and right - left < beat
        for units, kind, dots in _values(right - left, triplet=triplet):
            pieces.append(Piece(spelled, left, units, kind, dots, triplet, beat=left // beat))
            left += units
    if spelled is not None:
        last = len(pieces) - 1
        pieces = [
            replace(p, tie_start=i < last or span.tie_out, tie_stop=i > 0 or span.tie_in)
            for i, p in enumerate(pieces)
        ]
    return pieces


def _beamed(pieces: list[Piece]) -> list[Piece]:
    """Beam states: notes of eighths and shorter within one beat are beamed together."""
    result = list(pieces)
    index = 0
    while index < len(pieces):
        group = [index]
        while (
            group[-1] + 1 < len(pieces)
            and _beamable(pieces[group[-1] + 1])
            and _beamable(pieces[index])
            and pieces[group[-1] + 1].beat == pieces[index].beat
        ):
            group.append(group[-1] + 1)
        if len(group) > 1:
            for position, at in enumerate(group):
                result[at] = replace(pieces[at], beams=_beam_states(pieces, group, position))
        index = group[-1] + 1
    return result


def _beamable(piece: Piece) -> bool:
    return piece.pitch is not None and piece.type in BEAM_LEVELS


def _beam_states(pieces: list[Piece], group: list[int], position: int) -> tuple[str, ...]:
    states = []
    levels = [BEAM_LEVELS[pieces[i].type] for i in group]
    for level in range(1, levels[position] + 1):
        before = position > 0 and levels[position - 1] >= level
        after = position + 1 < len(group) and levels[position + 1] >= level
        if before and after:
            states.append("continue")
        elif after:
            states.append("begin")
        elif before:
            states.append("end")
        else:
            states.append("forward hook" if position == 0 else "backward hook")
    return tuple(states)


def written_bars(melody: Melody, *, with_chords: bool) -> list[Bar]:
    """The melody as written bars, with chord symbols where the harmony changes."""
    meter = melody.meter
    bar, beat = _units(meter.bar_beats), _units(meter.pulse_beats)
    total = bar * melody.params.bars
    spans = _melody_spans(melody, total)
    changes: list[tuple[int, str]] = []
    for chord in melody.chords if with_chords else ():
        if chord.symbol and (not changes or changes[-1][1] != chord.symbol):
            changes.append((_units(chord.start), chord.symbol))
    key = (melody.params.key, melody.params.scale)
    bars = []
    for number in range(melody.params.bars):
        origin = number * bar
        chords = tuple((t - origin, s) for t, s in changes if origin <= t < origin + bar)
        cuts = {t for t, _ in chords}
        inside, triplets = _snapped(_bar_spans(spans, origin, bar), beat, cuts)
        pieces: list[Piece] = []
        for span in inside:
            if span.pitch is None and span.start == 0 and span.end == bar:
                pieces.append(Piece(None, 0, bar, "whole", whole_bar_rest=True))
            else:
                pieces += _pieces(span, beat, cuts, triplets, key)
        bars.append(Bar(number + 1, bar, tuple(_beamed(pieces)), chords))
    return bars


def shown_accidentals(bar: Bar, signature: KeySignature, *, tie_carries: bool) -> list[int | None]:
    """The accidental written before each piece (None: none), by the rule that an accidental
    holds to the bar's end; `tie_carries` lets a tied-over note keep its pitch unwritten
    (engraving practice) rather than repeat it (ABC readers need it repeated)."""
    current: dict[tuple[str, int], int] = {}
    shown: list[int | None] = []
    for piece in bar.pieces:
        pitch = piece.pitch
        if pitch is None:
            shown.append(None)
            continue
        place = (pitch.letter, pitch.octave)
        expected = current.get(place, signature.alter_of(pitch.letter))
        if tie_carries and piece.tie_stop:
            shown.append(None)  # a tied-over note keeps its pitch; the bar's rule is untouched
            continue
        shown.append(None if pitch.alter == expected else pitch.alter)
        current[place] = pitch.alter
    return shown


def signature_of(melody: Melody) -> KeySignature:
    """The key signature the melody is written in."""
    return key_signature(melody.params.key, melody.params.scale)
