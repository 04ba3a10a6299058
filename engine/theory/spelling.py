"""Spelling, in one place: the key signature of every key and scale, and each pitch's name.

A key signature is counted in fifths: -7 (seven flats) … 0 … +7 (seven sharps).
Church modes take the signature of their relative major (E♭ phrygian: C♭ major,
seven flats); harmonic and melodic minor take the natural minor's and show their
raised degrees as accidentals; pentatonic and blues scales take their seven-note
parent's (`parent_scale`). A tonic whose signature would need more than seven
sharps or flats is respelled (G♯ major is written as A♭ major).

Pitches are named by the scale degree they are (E♭ phrygian has F♭, G♭ and D♭,
not E, F♯ and C♯); a pitch outside the scale is named by the letter it shares
with the key when it can be, else as a sharp in sharp keys and a flat in flat ones.

MIDI key signatures, piano-roll labels, chord symbols, ABC and MusicXML all use this.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from engine.theory.scales import MINOR_SCALES, SCALES

LETTERS = "CDEFGAB"
NATURAL_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
LETTER_FIFTHS = {"F": -1, "C": 0, "G": 1, "D": 2, "A": 3, "E": 4, "B": 5}
MAX_ACCIDENTALS = 7  # the most sharps or flats a key signature (and MIDI) can hold
SIGNS = {-2: "𝄫", -1: "♭", 0: "", 1: "♯", 2: "𝄪"}
ASCII_SIGNS = {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}
MAJOR = SCALES["major"]
AEOLIAN_START = MAJOR[5]  # semitones above the relative major's tonic where natural minor starts


@dataclass(frozen=True)
class Spelled:
    """A pitch as written: a letter, an alteration in semitones (-2 … +2) and an octave.

    The octave is scientific (C4 = middle C = MIDI 60) and belongs to the letter,
    so C♭4 sounds as MIDI 59 and B♯3 as MIDI 60.
    """

    letter: str
    alter: int
    octave: int

    @property
    def name(self) -> str:
        """With music signs: 'E♭', 'F♯'."""
        return self.letter + SIGNS[self.alter]

    @property
    def ascii_name(self) -> str:
        """With ASCII signs, as key and chord names are typed: 'Eb', 'F#'."""
        return self.letter + ASCII_SIGNS[self.alter]

    @property
    def midi(self) -> int:
        """The MIDI note number it sounds."""
        return 12 * (self.octave + 1) + NATURAL_PC[self.letter] + self.alter


@dataclass(frozen=True)
class KeySignature:
    """A key's signature: `fifths` (-7 … +7), the mode it is named by, and the tonic as written.

    `mode` is 'major' or 'minor' for those signatures, else the church mode
    ('dorian', …) whose relative major gives the signature.
    """

    fifths: int
    mode: str
    tonic: str  # letter and ASCII signs, respelled when the signature needed it: 'G#' → 'Ab'

    @property
    def tonic_name(self) -> str:
        """The tonic with music signs: 'E♭'."""
        letter, alter = _parse(self.tonic)
        return letter + SIGNS[alter]

    @property
    def major_name(self) -> str:
        """The major key with this signature: 'Cb' for seven flats."""
        return _name_at_fifths(self.fifths)

    @property
    def minor_name(self) -> str:
        """The minor key with this signature: 'Ab' for seven flats."""
        return _name_at_fifths(self.fifths + 3)

    def alter_of(self, letter: str) -> int:
        """The alteration the signature gives a letter: -1, 0 or +1."""
        position = LETTER_FIFTHS[letter]  # F -1, C 0, … B 5
        if position + 2 <= self.fifths:  # sharps come in the order F C G D A E B
            return 1
        if position >= 6 + self.fifths:  # flats come in the order B E A D G C F
            return -1
        return 0


def _name_at_fifths(fifths: int) -> str:
    """The note name at a place on the circle of fifths: 0 → 'C', -7 → 'Cb', 7 → 'C#'."""
    letter = "FCGDAEB"[(fifths + 1) % 7]
    return letter + ASCII_SIGNS[(fifths + 1) // 7]


def parent_scale(scale: str) -> tuple[int, ...]:
    """The seven-note scale whose triads harmonise `scale` (itself when it has seven notes)."""
    steps = SCALES[scale]
    if len(steps) == 7:
        return steps
    sevens = [s for s in SCALES.values() if len(s) == 7]
    return max(sevens, key=lambda s: len(set(s) & set(steps)))  # first best in table order


def _mode_start(scale: str) -> int:
    """Semitones above its relative major's tonic where the scale's signature mode starts.

    0 for major-signature scales, 9 for minor ones, 2 for dorian, 4 for phrygian, ….
    """
    steps = set(parent_scale(scale))
    for start in MAJOR:
        if {(step - start) % 12 for step in MAJOR} == steps:
            return start
    return AEOLIAN_START if scale in MINOR_SCALES else 0


def _parse(key: str) -> tuple[str, int]:
    """'Eb' → ('E', -1); a key as the parameter table spells it."""
    return key[0], {"": 0, "#": 1, "b": -1}[key[1:]]


def _respelled(letter: str, alter: int) -> tuple[str, int]:
    """The enharmonic spelling on the neighbouring letter toward naturals (G♯ → A♭)."""
    step = 1 if alter > 0 else -1
    other = LETTERS[(LETTERS.index(letter) + step) % 7]
    pc = (NATURAL_PC[letter] + alter) % 12
    return other, (pc - NATURAL_PC[other] + 6) % 12 - 6


@cache
def key_signature(key: str, scale: str) -> KeySignature:
    """The signature of a key (as the parameter table spells it) and scale."""
    start = _mode_start(scale)
    offset = (-start * 7) % 12  # the relative major's distance in fifths from the tonic
    offset = offset - 12 if offset > 6 else offset
    letter, alter = _parse(key)
    fifths = LETTER_FIFTHS[letter] + 7 * alter + offset
    if abs(fifths) > MAX_ACCIDENTALS:
        letter, alter = _respelled(letter, alter)
        fifths = LETTER_FIFTHS[letter] + 7 * alter + offset
    mode = "major" if start == 0 else "minor" if start == AEOLIAN_START else _MODE_NAMES[start]
    return KeySignature(fifths, mode, letter + ASCII_SIGNS[alter])


_MODE_NAMES = {2: "dorian", 4: "phrygian", 5: "lydian", 7: "mixolydian", 11: "locrian"}


@cache
def _pitch_class_names(key: str, scale: str) -> tuple[tuple[str, int], ...]:
    """(letter, alter) of each pitch class 0-11 in the key."""
    signature = key_signature(key, scale)
    tonic_letter, tonic_alter = _parse(signature.tonic)
    tonic_pc = (NATURAL_PC[tonic_letter] + tonic_alter) % 12
    names: dict[int, tuple[str, int]] = {}
    steps = SCALES[scale]
    degrees = steps if len(steps) == 7 else parent_scale(scale)
    for degree, step in enumerate(degrees):
        if len(steps) == 7 or step in steps:
            names[(tonic_pc + step) % 12] = _on_letter(tonic_letter, degree, tonic_pc + step)
    for pc in range(12):
        if pc not in names:
            names[pc] = _chromatic(pc, signature)
    return tuple(names[pc] for pc in range(12))


def _on_letter(tonic_letter: str, degree: int, pitch: int) -> tuple[str, int]:
    """The pitch written on the letter `degree` steps above the tonic's letter."""
    letter = LETTERS[(LETTERS.index(tonic_letter) + degree) % 7]
    return letter, (pitch - NATURAL_PC[letter] + 6) % 12 - 6


def _chromatic(pc: int, signature: KeySignature) -> tuple[str, int]:
    """A pitch class outside the scale: as the signature writes it, else a natural, else
    in the signature's direction (sharps in sharp keys, flats in flat and plain ones,
    except the raised leading note of a minor key: G♯ in A minor)."""
    candidates = [(letter, (pc - NATURAL_PC[letter] + 6) % 12 - 6) for letter in LETTERS]
    candidates = [(letter, alter) for letter, alter in candidates if abs(alter) <= 1]
    for wanted in (signature.alter_of, lambda _letter: 0):
        for letter, alter in candidates:
            if alter == wanted(letter):
                return letter, alter
    tonic_letter, tonic_alter = _parse(signature.tonic)
    tonic_pc = NATURAL_PC[tonic_letter] + tonic_alter
    prefer_sharp = signature.fifths > 0 or (
        signature.mode == "minor" and (pc - tonic_pc) % 12 == 11  # the leading note: G♯ in A
    )
    direction = 1 if prefer_sharp else -1
    for letter, alter in candidates:
        if alter == direction:
            return letter, alter
    return candidates[0]


def spell(pitch: int, key: str, scale: str) -> Spelled:
    """A MIDI pitch as written in the key: spell(63, 'Eb', 'phrygian') → E♭4."""
    letter, alter = _pitch_class_names(key, scale)[pitch % 12]
    octave = (pitch - alter - NATURAL_PC[letter]) // 12 - 1
    return Spelled(letter, alter, octave)


def pitch_name(pitch: int, key: str, scale: str) -> str:
    """Scientific name with music signs, spelled in the key: 'D♭5', 'F♯3'."""
    spelled = spell(pitch, key, scale)
    return f"{spelled.name}{spelled.octave}"


def chord_symbol(pcs: tuple[int, int, int], key: str, scale: str) -> str:
    """Lead-sheet symbol of a triad's pitch classes, root spelled in the key: 'Db', 'Bbm'."""
    root, third, fifth = pcs
    lower, upper = (third - root) % 12, (fifth - third) % 12
    quality = {(4, 3): "", (3, 4): "m", (3, 3): "dim", (4, 4): "+"}.get((lower, upper), "")
    letter, alter = _pitch_class_names(key, scale)[root % 12]
    return letter + ASCII_SIGNS[alter] + quality


def midi_key_name(key: str, scale: str) -> str:
    """mido's key-signature name: the relative major ('Cb'), or the minor with 'm' ('Dm')."""
    signature = key_signature(key, scale)
    return signature.minor_name + "m" if signature.mode == "minor" else signature.major_name
