"""Melodic register: the pitch range of each `range` choice (the contour shapes the
pitches are pulled towards are engine.theory.contours)."""

from __future__ import annotations

from engine.params.melody import RANGE_OCTAVES, MelodyParams
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
