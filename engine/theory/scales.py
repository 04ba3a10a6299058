"""Keys and scales: pitch classes of every key spelling and the steps of every scale.

These dictionaries are the single source of the key, scale and meter choices;
`engine.params` derives its table from them.
"""

from __future__ import annotations

# Pitch class (0 = C) of every key spelling a user may give.
KEYS: dict[str, int] = {
    "C": 0, "C#": 1, "Db": 1, "D": 2, "D#": 3, "Eb": 3, "E": 4, "F": 5,
    "F#": 6, "Gb": 6, "G": 7, "G#": 8, "Ab": 8, "A": 9, "A#": 10, "Bb": 10, "B": 11,
}  # fmt: skip

# Semitones above the tonic of each scale degree.
SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "harmonic_minor": (0, 2, 3, 5, 7, 8, 11),
    "melodic_minor": (0, 2, 3, 5, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
    "major_pentatonic": (0, 2, 4, 7, 9),
    "minor_pentatonic": (0, 3, 5, 7, 10),
    "blues": (0, 3, 5, 6, 7, 10),
}

# Scales whose third is minor: used for key signatures and chord qualities.
MINOR_SCALES = frozenset(name for name, steps in SCALES.items() if 3 in steps and 4 not in steps)

NOTE_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def note_name(pitch: int) -> str:
    """Scientific name of a MIDI note number, e.g. 60 -> 'C4'."""
    return f"{NOTE_NAMES[pitch % 12]}{pitch // 12 - 1}"


def scale_pitches(key: str, scale: str, low: int, high: int) -> list[int]:
    """Every MIDI pitch in [low, high] that belongs to the key's scale."""
    tonic = KEYS[key]
    steps = set(SCALES[scale])
    return [p for p in range(low, high + 1) if (p - tonic) % 12 in steps]
