"""Meters: the time signatures a melody may be in, and their bar and pulse lengths.

`METERS` is the single source of the `time` choices.
"""

from __future__ import annotations

from dataclasses import dataclass


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
