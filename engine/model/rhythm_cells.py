"""Rhythm cells: the rhythmic vocabulary the model learns over and the composer draws from.

Cells are written in pulses (a quarter note in 2/4, 3/4 and 4/4; a dotted
quarter in 6/8), so one table serves simple and compound meters.

Public API: `Cell`, `SIMPLE_CELLS`, `COMPOUND_CELLS`, `THIRD`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

THIRD = 1 / 3  # of a pulse: triplet subdivisions


@dataclass(frozen=True)
class Cell:
    """A rhythm cell: (offset, duration, rest) triples in pulses, spanning `pulses` pulses."""

    name: str
    events: tuple[tuple[float, float, bool], ...]
    pulses: int = 1

    @functools.cached_property
    def notes_per_pulse(self) -> float:
        return sum(1 for e in self.events if not e[2]) / self.pulses

    @functools.cached_property
    def onsets_by_pulse(self) -> tuple[tuple[float, ...], ...]:
        """Note onsets inside each pulse it spans, in pulses (3 decimals): its fingerprint."""
        return tuple(
            tuple(round(e[0] - k, 3) for e in self.events if not e[2] and k <= e[0] < k + 1)
            for k in range(self.pulses)
        )

    @functools.cached_property
    def has_rest(self) -> bool:
        return any(e[2] for e in self.events)

    @functools.cached_property
    def syncopated(self) -> bool:
        """True when a note starts off the pulse with no note on the pulse before it."""
        onsets = {round(e[0], 6) for e in self.events if not e[2]}
        return any(o % 1 and math.floor(o) not in onsets for o in onsets)


def _cell(
    name: str, *events: tuple[float, float] | tuple[float, float, bool], pulses: int = 1
) -> Cell:
    return Cell(
        name, tuple((e[0], e[1], bool(e[2]) if len(e) > 2 else False) for e in events), pulses
    )


# Cells for pulses divided in two (simple meters).
SIMPLE_CELLS = {c.name: c for c in (
    _cell("q", (0, 1)),
    _cell("ee", (0, .5), (.5, .5)),
    _cell("ssss", (0, .25), (.25, .25), (.5, .25), (.75, .25)),
    _cell("ess", (0, .5), (.5, .25), (.75, .25)),
    _cell("sse", (0, .25), (.25, .25), (.5, .5)),
    _cell("dotted", (0, .75), (.75, .25)),
    _cell("swing", (0, 2 * THIRD), (2 * THIRD, THIRD)),
    _cell("triplet", (0, THIRD), (THIRD, THIRD), (2 * THIRD, THIRD)),
    _cell("rest_e", (0, .5, True), (.5, .5)),
    _cell("ses", (0, .25), (.25, .5), (.75, .25)),
    _cell("h", (0, 2), pulses=2),
    _cell("dotted_q", (0, 1.5), (1.5, .5), pulses=2),
    _cell("eqe", (0, .5), (.5, 1), (1.5, .5), pulses=2),
    _cell("q_rest", (0, 1), (1, 1, True), pulses=2),
    _cell("rest_q", (0, 1, True), (1, 1), pulses=2),
)}  # fmt: skip

# Cells for pulses divided in three (6/8).
COMPOUND_CELLS = {c.name: c for c in (
    _cell("q.", (0, 1)),
    _cell("qe", (0, 2 * THIRD), (2 * THIRD, THIRD)),
    _cell("eee", (0, THIRD), (THIRD, THIRD), (2 * THIRD, THIRD)),
    _cell("eq", (0, THIRD), (THIRD, 2 * THIRD)),
    _cell("dotted", (0, .5), (.5, THIRD / 2), (2 * THIRD, THIRD)),
    _cell("ssee", (0, THIRD / 2), (THIRD / 2, THIRD / 2), (THIRD, THIRD), (2 * THIRD, THIRD)),
    _cell("rest_ee", (0, THIRD, True), (THIRD, THIRD), (2 * THIRD, THIRD)),
    _cell("h.", (0, 2), pulses=2),
    _cell("q_rest", (0, 2 * THIRD), (2 * THIRD, THIRD, True)),
    _cell("rest_q", (0, 1, True), (1, 1), pulses=2),
)}  # fmt: skip

# Relative weight of each cell in each rhythm pattern, for simple and compound pulses.
