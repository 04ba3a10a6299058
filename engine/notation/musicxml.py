"""A melody as MusicXML 4.0 (partwise) text: one part, spelled, tied, beamed, with chord symbols.

Durations are in divisions of `UNITS_PER_BEAT` per quarter note. A new system
starts every `BARS_PER_SYSTEM` bars (<print new-system>), which the score picture
follows. The text is built by hand (no XML library is needed to write it, and
escaping is done once in `_text`).
"""

from __future__ import annotations

from html import escape

from engine.melody import Melody
from engine.notation.measures import (
    UNITS_PER_BEAT,
    Bar,
    Piece,
    shown_accidentals,
    signature_of,
    written_bars,
)
from engine.notation.titles import parameter_lines, subtitle, title
from engine.theory.instruments import program_for
from engine.theory.spelling import KeySignature

BARS_PER_SYSTEM = 4
BASS_CLEF_BELOW = 55  # MIDI pitch: melodies whose middle lies below G3 are written in bass clef
ACCIDENTALS = {-2: "flat-flat", -1: "flat", 0: "natural", 1: "sharp", 2: "double-sharp"}
CHORD_KINDS = {"": ("major", ""), "m": ("minor", "m"), "dim": ("diminished", "dim"),
               "+": ("augmented", "+")}  # fmt: skip
HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN"'
    ' "http://www.musicxml.org/dtds/partwise.dtd">\n'
)


def _text(value: str) -> str:
    return escape(value, quote=True)


def _clef(melody: Melody) -> tuple[str, int]:
    """Clef sign and line: treble, or bass for a low melody."""
    pitches = sorted(n.pitch for n in melody.notes) or [72]
    middle = pitches[len(pitches) // 2]
    return ("F", 4) if middle < BASS_CLEF_BELOW else ("G", 2)


def _attributes(melody: Melody, signature: KeySignature) -> str:
    meter = melody.meter
    sign, line = _clef(melody)
    return (
        f"<attributes><divisions>{UNITS_PER_BEAT}</divisions>"
        f"<key><fifths>{signature.fifths}</fifths><mode>{signature.mode}</mode></key>"
        f"<time><beats>{meter.numerator}</beats><beat-type>{meter.denominator}</beat-type></time>"
        f"<clef><sign>{sign}</sign><line>{line}</line></clef></attributes>"
    )


def _tempo(melody: Melody) -> str:
    bpm = melody.params.tempo
    return (
        '<direction placement="above"><direction-type><metronome>'
        f"<beat-unit>quarter</beat-unit><per-minute>{bpm}</per-minute>"
        f'</metronome></direction-type><sound tempo="{bpm}"/></direction>'
    )


def chord_parts(symbol: str) -> tuple[str, int, str]:
    """A chord symbol as (root letter, alteration, quality): 'Bbm' → ('B', -1, 'm')."""
    letter, rest = symbol[0], symbol[1:]
    alter = 0
    while rest[:1] in ("b", "#"):
        alter += -1 if rest[0] == "b" else 1
        rest = rest[1:]
    return letter, alter, rest


def _harmony(symbol: str) -> str:
    letter, alter, quality = chord_parts(symbol)
    kind, text = CHORD_KINDS.get(quality, ("major", quality))
    root_alter = f"<root-alter>{alter}</root-alter>" if alter else ""
    return (
        f"<harmony><root><root-step>{letter}</root-step>{root_alter}</root>"
        f'<kind text="{_text(text)}">{kind}</kind></harmony>'
    )


def _tuplet(bar: Bar, index: int) -> str:
    """The tuplet bracket's start or stop on the first and last piece of a triplet beat."""
    piece = bar.pieces[index]
    if not piece.triplet:
        return ""
    same = [i for i, p in enumerate(bar.pieces) if p.triplet and p.beat == piece.beat]
    if index == same[0]:
        return '<tuplet type="start" bracket="yes"/>'
    return '<tuplet type="stop"/>' if index == same[-1] else ""


def _note(bar: Bar, index: int, accidental: int | None) -> str:
    piece: Piece = bar.pieces[index]
    parts = ["<note>"]
    if piece.pitch is None:
        parts.append('<rest measure="yes"/>' if piece.whole_bar_rest else "<rest/>")
    else:
        alter = f"<alter>{piece.pitch.alter}</alter>" if piece.pitch.alter else ""
        parts.append(
            f"<pitch><step>{piece.pitch.letter}</step>{alter}"
            f"<octave>{piece.pitch.octave}</octave></pitch>"
        )
    parts.append(f"<duration>{piece.units}</duration>")
    parts += ['<tie type="stop"/>'] if piece.tie_stop else []
    parts += ['<tie type="start"/>'] if piece.tie_start else []
    parts.append("<voice>1</voice>")
    if not piece.whole_bar_rest:
        parts.append(f"<type>{piece.type}</type>" + "<dot/>" * piece.dots)
    if accidental is not None:
        parts.append(f"<accidental>{ACCIDENTALS[accidental]}</accidental>")
    if piece.triplet:
        parts.append(
            "<time-modification><actual-notes>3</actual-notes>"
            "<normal-notes>2</normal-notes></time-modification>"
        )
    parts += [f'<beam number="{n}">{s}</beam>' for n, s in enumerate(piece.beams, start=1)]
    notations = (
        ('<tied type="stop"/>' if piece.tie_stop else "")
        + ('<tied type="start"/>' if piece.tie_start else "")
        + _tuplet(bar, index)
    )
    parts += [f"<notations>{notations}</notations>"] if notations else []
    parts.append("</note>")
    return "".join(parts)


def _measure(melody: Melody, bar: Bar, signature: KeySignature) -> str:
    parts = [f'<measure number="{bar.number}">']
    if bar.number == 1:
        parts += [_attributes(melody, signature), _tempo(melody)]
    elif bar.number % BARS_PER_SYSTEM == 1:
        parts.append('<print new-system="yes"/>')
    symbols = dict(bar.chords)
    accidentals = shown_accidentals(bar, signature, tie_carries=True)
    for index, piece in enumerate(bar.pieces):
        if piece.start in symbols:
            parts.append(_harmony(symbols.pop(piece.start)))
        parts.append(_note(bar, index, accidentals[index]))
    if bar.number == melody.params.bars:
        parts.append('<barline location="right"><bar-style>light-heavy</bar-style></barline>')
    parts.append("</measure>")
    return "\n".join(parts)


def _credits(melody: Melody) -> str:
    """The title and the parameter lines at the top of the first page, centred."""
    lines = [("title", title(melody), 20)]
    lines += [("subtitle", line, 11) for line in parameter_lines(melody)]
    return "\n".join(
        f'<credit page="1"><credit-type>{kind}</credit-type><credit-words justify="center"'
        f' valign="top" font-size="{size}">{_text(text)}</credit-words></credit>'
        for kind, text, size in lines
    )


def to_musicxml(melody: Melody) -> str:
    """The melody (and its chord symbols when `params.chords`) as MusicXML text."""
    signature = signature_of(melody)
    bars = written_bars(melody, with_chords=melody.params.chords)
    instrument = melody.params.instrument.replace("_", " ")
    head, line = _text(title(melody)), _text(subtitle(melody))
    body = "\n".join(_measure(melody, bar, signature) for bar in bars)
    return (
        f'{HEADER}<score-partwise version="4.0">\n'
        f"<work><work-title>{head}</work-title></work>\n"
        f"<movement-title>{head}</movement-title>\n"
        "<identification><encoding><software>melodybot</software></encoding>"
        f'<miscellaneous><miscellaneous-field name="parameters">{line}</miscellaneous-field>'
        "</miscellaneous></identification>\n"
        f"{_credits(melody)}\n"
        f'<part-list><score-part id="P1"><part-name>{_text(instrument)}</part-name>'
        f'<score-instrument id="P1-I1"><instrument-name>{_text(instrument)}</instrument-name>'
        '</score-instrument><midi-instrument id="P1-I1"><midi-channel>1</midi-channel>'
        f"<midi-program>{program_for(melody.params.instrument) + 1}</midi-program>"
        "</midi-instrument></score-part></part-list>\n"
        f'<part id="P1">\n{body}\n</part>\n</score-partwise>\n'
    )
