"""Melodic register and contour: the pitch range of each `range` choice and the
target shape of each `contour` choice.

Shapes map time in the melody (0 at the start, 1 at the end) to a height in
[0, 1] within the range. `balanced` is an arch inside every phrase, so the
melody as a whole neither climbs nor falls.
"""

from __future__ import annotations

import math

from engine.compose.phrases import phrase_plan
from engine.params.melody import RANGE_OCTAVES, MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS

RANGE_CENTRE = 67  # G4: the middle of a comfortable melody register
MIN_LOW = 36  # never below C2


def pitch_range(params: MelodyParams) -> tuple[int, int]:
    """Lowest and highest allowed MIDI pitch: tonic to tonic, 1, 2 or 3 octaves apart."""
    octaves = RANGE_OCTAVES[params.range]
    ideal_low = RANGE_CENTRE - 6 * octaves
    tonic = KEYS[params.key]
    low = ideal_low - (ideal_low - tonic) % 12  # the tonic at or below the ideal
    if ideal_low - low > 6:
        low += 12
    low = max(low, MIN_LOW + (tonic - MIN_LOW) % 12)
    return low, low + 12 * octaves


def shape(contour: str, t: float, phrase_t: float) -> float:
    """Target height in [0, 1] at melody time `t` and phrase time `phrase_t` (both 0-1)."""
    if contour == "ascending":
        return t
    if contour == "descending":
        return 1 - t
    if contour == "arch":
        return math.sin(math.pi * t)
    if contour == "valley":
        return 1 - math.sin(math.pi * t)
    if contour == "wave":
        return 0.5 + 0.5 * math.sin(6 * math.pi * t)
    return 0.1 + 0.8 * math.sin(math.pi * phrase_t)  # balanced


def shape_at(params: MelodyParams, beat: float, contour: str | None = None) -> float:
    """Target height in [0, 1] at `beat` beats into the melody."""
    bar_beats = METERS[params.time].bar_beats
    total = params.bars * bar_beats
    bar = min(int(beat // bar_beats), params.bars - 1)
    phrase = next(p for p in phrase_plan(params.bars) if p.first_bar <= bar <= p.last_bar)
    phrase_start = phrase.first_bar * bar_beats
    phrase_t = (beat - phrase_start) / (phrase.bars * bar_beats)
    return shape(contour or params.contour, beat / total, phrase_t)
