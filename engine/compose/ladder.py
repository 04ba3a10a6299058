"""The scale ladder: every MIDI pitch of a key's seven-note scale, counted in scale steps.

The joint model (engine.model.joint) moves in steps of the seven-note scale; a
pentatonic or blues melody walks its seven-note parent's ladder and keeps to its own
notes by a mask (engine.compose.note_walk).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from engine.theory.scales import KEYS
from engine.theory.spelling import parent_scale


@dataclass(frozen=True)
class Ladder:
    """Every MIDI pitch of the scale's seven-note parent, ascending, and each one's index."""

    pitches: np.ndarray
    index: dict[int, int]
    tonic_offset: int  # ladder index of the lowest tonic: degree = (index - offset) % 7

    def degree(self, index: int) -> int:
        """Scale degree (0 = tonic .. 6) of a ladder index."""
        return (index - self.tonic_offset) % 7

    def index_of(self, pitch: int) -> int:
        """Ladder index of a pitch; a pitch off the ladder counts as the one below it."""
        found = self.index.get(pitch)
        if found is not None:
            return found
        return int(np.searchsorted(self.pitches, pitch, side="right")) - 1


@functools.cache
def ladder_for(key: str, scale: str) -> Ladder:
    """The ladder of a key and scale (its seven-note parent for pentatonic and blues)."""
    tonic, steps = KEYS[key], parent_scale(scale)
    pitches = np.array([p for p in range(128) if (p - tonic) % 12 in steps])
    offset = next(i for i, p in enumerate(pitches) if p % 12 == tonic)
    return Ladder(pitches, {int(p): i for i, p in enumerate(pitches)}, offset)
