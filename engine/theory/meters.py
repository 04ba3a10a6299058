"""Meters: the time signatures a melody may be in, and their bar and pulse lengths.

`METERS` is the single source of the `time` choices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GRID = 1e-6  # tolerance when comparing positions in beats


@dataclass(frozen=True)
class Meter:
    """A time signature.

    `bar_beats` is the bar's length in quarter-note beats; `pulse_beats` the
    length of one counted pulse (a quarter in 4/4, a dotted quarter in 6/8).
    """

    numerator: int
    denominator: int
    pulse_beats: float

    @property
    def bar_beats(self) -> float:
        """Length of a bar in quarter-note beats."""
        return self.numerator * 4 / self.denominator

    @property
    def pulses(self) -> int:
        """Counted pulses per bar (two in 6/8)."""
        return round(self.bar_beats / self.pulse_beats)


METERS: dict[str, Meter] = {
    "4/4": Meter(4, 4, 1.0),
    "3/4": Meter(3, 4, 1.0),
    "2/4": Meter(2, 4, 1.0),
    "6/8": Meter(6, 8, 1.5),
}


def metrical_levels(meter: Meter) -> list[float]:
    """Lengths in beats of the meter's levels, strongest first: bar, half bar (4/4), pulse,
    then halves down to a 32nd; a triplet level sits below the pulse in simple meters."""
    levels = [meter.bar_beats]
    if meter.pulses == 4:
        levels.append(meter.bar_beats / 2)
    if meter.pulses > 1:
        levels.append(meter.pulse_beats)
    fine = meter.pulse_beats / (3 if meter.pulse_beats == 1.5 else 2)
    while fine >= 0.125 - GRID:
        levels.append(fine)
        fine /= 2
    if meter.pulse_beats == 1.0:
        levels.append(1 / 3)
    return levels


def metrical_weight(meter: Meter, offset: float) -> int:
    """Longuet-Higgins & Lee weight of a position `offset` beats into a bar: 0 on the
    downbeat, -1 on the next level down, and so on (finer positions lower still)."""
    levels = metrical_levels(meter)
    for depth, level in enumerate(levels):
        ratio = offset / level
        if abs(ratio - round(ratio)) < 1e-4:
            return -depth
    return -len(levels)


def note_syncopation(meter: Meter, start: float, following: float) -> int:
    """Longuet-Higgins & Lee syncopation of one note starting at `start` beats and sounding
    (or followed by silence) until the next onset at `following` beats: how much stronger
    the strongest position it passes over is than its own onset (0 if none is)."""
    bar = meter.bar_beats
    pulse_weight = metrical_weight(meter, meter.pulse_beats % bar)
    own = metrical_weight(meter, start % bar)
    # A triplet note is weighed against the pulses only: the duple eighths it
    # straddles are not heard as beats it skips.
    duple = abs(start * 4 - round(start * 4)) < 1e-4
    strongest = own
    tick = math.floor(start * 4 + 1e-4) + 1  # next sixteenth after the onset
    while tick / 4 < following - GRID:
        weight = metrical_weight(meter, (tick / 4) % bar)
        if duple or weight >= pulse_weight:
            strongest = max(strongest, weight)
        tick += 1
    return strongest - own
