"""Contour shapes: the target height of each `contour` choice through a melody.

Shapes map time in the melody (0 at the start, 1 at the end) to a height in
[0, 1] within the range. `balanced` is an arch inside every phrase, so the
melody as a whole neither climbs nor falls. The composer pulls its pitches
towards them (engine.compose); engine.measures scores how a melody follows them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from engine.theory.meters import METERS
from engine.theory.phrases import phrase_plan

if TYPE_CHECKING:  # parameters are built from the theory tables, not the other way round
    from engine.params.melody import MelodyParams


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
