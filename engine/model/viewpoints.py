"""Musical viewpoints: the symbol sequences the PPM models learn from and predict.

- chromatic interval (`cpint`): semitones from the previous note, clipped to an
  octave either way, one symbol for anything wider; conditioned on the new note's
  beat strength and duration class (pitch is predicted knowing its rhythm, so
  short notes off the beat learn to pass by step and long ones to land).
- scale degree (`degree`): pitch class above the tonic (0-11); conditioned on the
  mode family (major or minor third) and the beat strength.
- beat strength: 2 on the downbeat or the mid-bar strong pulse, 1 on another
  pulse, 0 off the pulse.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from engine.theory.meters import Meter
from engine.theory.scales import MINOR_SCALES

INTERVAL_LIMIT = 12  # semitones; wider leaps share one symbol
INTERVAL_ALPHABET = 2 * INTERVAL_LIMIT + 2
WIDE_LEAP = 2 * INTERVAL_LIMIT + 1
DEGREE_ALPHABET = 12
STRENGTHS = 3
DURATION_CLASSES = (
    4  # shorter than an eighth, shorter than a quarter, up to a dotted quarter, longer
)
INTERVAL_CONDITIONS = STRENGTHS * DURATION_CLASSES


def interval_symbol(interval: int) -> int:
    """cpint symbol of a semitone interval."""
    if abs(interval) > INTERVAL_LIMIT:
        return WIDE_LEAP
    return interval + INTERVAL_LIMIT


def degree_symbol(pitch: int, tonic_pc: int) -> int:
    """Pitch class above the tonic, 0-11."""
    return (pitch - tonic_pc) % 12


def mode_family(scale: str) -> int:
    """0 for scales with a major third, 1 for minor-third scales."""
    return 1 if scale in MINOR_SCALES else 0


def family_of_mode(mode: str) -> int:
    """Mode family of an abc/music21 mode name (major, minor, aeolian, dorian, ...)."""
    return mode_family("minor" if mode == "aeolian" else mode)


def strength(meter: Meter, offset: float) -> int:
    """Beat strength at `offset` beats into a bar: 2 strong, 1 other pulse, 0 off the pulse."""
    if abs(offset) < 1e-6:
        return 2
    pulses = meter.pulses
    middle = (pulses // 2) * meter.pulse_beats
    if (pulses >= 4 or (pulses == 2 and meter.pulse_beats == 1.5)) and abs(offset - middle) < 1e-6:
        return 2
    pulse = offset / meter.pulse_beats
    return 1 if abs(pulse - round(pulse)) < 1e-6 else 0


def interval_symbols(pitches: Sequence[int]) -> list[int]:
    """cpint symbols of a note sequence (one fewer than the notes)."""
    return [interval_symbol(b - a) for a, b in itertools.pairwise(pitches)]


def degree_condition(family: int, beat_strength: int) -> int:
    """Condition index of the degree model: mode family x beat strength."""
    return family * STRENGTHS + beat_strength


def duration_class(duration_beats: float) -> int:
    """Class of a note's duration in beats: 0 below 1/2, 1 below 1, 2 up to 1.5, 3 longer."""
    if duration_beats < 0.5 - 1e-6:
        return 0
    if duration_beats < 1 - 1e-6:
        return 1
    return 2 if duration_beats <= 1.5 + 1e-6 else 3


def interval_condition(beat_strength: int, duration_beats: float) -> int:
    """Condition index of the interval model: beat strength x duration class of the new note."""
    return beat_strength * DURATION_CLASSES + duration_class(duration_beats)
