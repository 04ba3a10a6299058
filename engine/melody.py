"""The melody value type shared by every stage: compose, MIDI, render, picture, games.

Times are in quarter-note beats from the start of the melody; pitches are MIDI
note numbers (60 = middle C).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.params.melody import MelodyParams
from engine.theory.meters import METERS, Meter


@dataclass(frozen=True)
class Note:
    """One note: MIDI pitch, start and duration in beats, MIDI velocity 1-127."""

    pitch: int
    start: float
    duration: float
    velocity: int = 90

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Chord:
    """A chord under the melody: its pitches, start and duration in beats, and a symbol."""

    pitches: tuple[int, ...]
    start: float
    duration: float
    symbol: str = ""


@dataclass(frozen=True)
class Melody:
    """A composed or transcribed melody with its (possibly empty) chord progression.

    `params` describes it: for a human tune, key, scale, time, bars and tempo
    are the tune's own. `provenance` names where a human tune came from.
    """

    params: MelodyParams
    notes: tuple[Note, ...]
    chords: tuple[Chord, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def meter(self) -> Meter:
        return METERS[self.params.time]

    @property
    def total_beats(self) -> float:
        """Length in beats: whole bars."""
        return self.params.bars * self.meter.bar_beats

    @property
    def duration_seconds(self) -> float:
        """Length in seconds at the melody's tempo."""
        return self.total_beats * 60.0 / self.params.tempo

    def without_chords(self) -> Melody:
        """The same melody with no chord track (games render melody only)."""
        return Melody(self.params.replace(chords=False), self.notes, (), self.provenance)

    def to_json(self) -> dict[str, Any]:
        """Notes as JSON-ready dicts: pitch, start and duration in beats."""
        return {
            "notes": [
                {"pitch": n.pitch, "start": n.start, "duration": n.duration} for n in self.notes
            ],
            "chords": [
                {
                    "symbol": c.symbol,
                    "pitches": list(c.pitches),
                    "start": c.start,
                    "duration": c.duration,
                }
                for c in self.chords
            ],
        }
