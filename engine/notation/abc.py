"""A melody as ABC 2.1 text, the way folk musicians share tunes (and the model's tunes came).

The unit note length is a sixteenth (L:1/16); notes within a beat are written
together so readers beam them; a triplet beat is written `(3:2:n`; chord symbols
are quoted before their note. Accidentals are written on every note that differs
from the key signature, and again after any other alteration of the letter in the
bar, so readers that track accidentals by letter or by octave read the same pitches.
"""

from __future__ import annotations

from engine.melody import Melody
from engine.notation.measures import Bar, Piece, signature_of, written_bars
from engine.notation.musicxml import BARS_PER_SYSTEM
from engine.notation.titles import parameter_lines, title
from engine.theory.spelling import KeySignature, Spelled

SIXTEENTH_UNITS = 6  # units (1/24 beat) in the unit note length L:1/16
ABC_ACCIDENTALS = {-2: "__", -1: "_", 0: "=", 1: "^", 2: "^^"}
MODE_SUFFIXES = {"major": "", "minor": "m", "dorian": "dor", "phrygian": "phr",
                 "lydian": "lyd", "mixolydian": "mix"}  # fmt: skip


def _pitch(spelled: Spelled, accidental: int | None) -> str:
    """ABC pitch: C4 is 'C', C5 'c', C6 "c'", C3 'C,'."""
    sign = "" if accidental is None else ABC_ACCIDENTALS[accidental]
    if spelled.octave >= 5:
        return sign + spelled.letter.lower() + "'" * (spelled.octave - 5)
    return sign + spelled.letter + "," * (4 - spelled.octave)


def _length(piece: Piece) -> str:
    sixteenths = piece.written_units / SIXTEENTH_UNITS  # a 32nd writes as 1/2
    if sixteenths.denominator > 1:
        return f"{sixteenths.numerator}/{sixteenths.denominator}"
    return "" if sixteenths == 1 else str(sixteenths)


def _accidentals(bar: Bar, signature: KeySignature) -> list[int | None]:
    """The accidental written before each piece: whenever the note differs from the
    signature, or the letter was altered otherwise earlier in the bar."""
    altered: dict[str, int] = {}
    shown: list[int | None] = []
    for piece in bar.pieces:
        if piece.pitch is None:
            shown.append(None)
            continue
        letter, alter = piece.pitch.letter, piece.pitch.alter
        plain = alter == signature.alter_of(letter) and altered.get(letter, alter) == alter
        shown.append(None if plain else alter)
        if not plain:
            altered[letter] = alter
    return shown


def _bar_text(bar: Bar, signature: KeySignature) -> str:
    symbols = dict(bar.chords)
    accidentals = _accidentals(bar, signature)
    text: list[str] = []
    for index, piece in enumerate(bar.pieces):
        if piece.triplet and (index == 0 or not _same_triplet(bar.pieces[index - 1], piece)):
            count = sum(1 for p in bar.pieces if p.triplet and p.beat == piece.beat)
            text.append(f"(3:2:{count}")
        if piece.start in symbols:
            text.append(f'"{symbols.pop(piece.start)}"')
        if piece.pitch is None:
            length = str(bar.units // SIXTEENTH_UNITS) if piece.whole_bar_rest else _length(piece)
            text.append("z" + length)
        else:
            text.append(_pitch(piece.pitch, accidentals[index]) + _length(piece))
            text.append("-" if piece.tie_start else "")
        beamed_on = bool(piece.beams) and piece.beams[0] in ("begin", "continue")
        text.append("" if beamed_on else " ")
    return "".join(text).strip()


def _same_triplet(before: Piece, piece: Piece) -> bool:
    return before.triplet and before.beat == piece.beat


def _key_field(signature: KeySignature) -> str:
    """The K: field: tonic and mode ('Ebphr'). Locrian is written as its relative major
    ('Db' for C locrian; the title names the mode), since some readers (music21's)
    do not know 'loc' and would read the notes without its flats."""
    if signature.mode in MODE_SUFFIXES:
        return signature.tonic + MODE_SUFFIXES[signature.mode]
    return signature.major_name


def to_abc(melody: Melody, reference: int = 1) -> str:
    """The melody (and its chord symbols when `params.chords`) as an ABC tune."""
    signature = signature_of(melody)
    meter = melody.meter
    bars = written_bars(melody, with_chords=melody.params.chords)
    header = [
        f"X:{reference}",
        f"T:{title(melody)}",
        *(f"T:{line}" for line in parameter_lines(melody)),
        "Z:melodybot",
        f"M:{meter.numerator}/{meter.denominator}",
        "L:1/16",
        f"Q:1/4={melody.params.tempo}",
        f"K:{_key_field(signature)}",
    ]
    lines = []
    for first in range(0, len(bars), BARS_PER_SYSTEM):
        chunk = bars[first : first + BARS_PER_SYSTEM]
        ends = ["|]" if bar.number == len(bars) else "|" for bar in chunk]
        lines.append(
            " ".join(
                f"{_bar_text(bar, signature)} {end}" for bar, end in zip(chunk, ends, strict=True)
            )
        )
    return "\n".join([*header, *lines]) + "\n"
