"""The earlier per-viewpoint pitch models' pieces the legacy composer still uses: their
predictions spread over candidate pitches, and `ShortTermModel`, the melody's own model
learned note by note (IDyOM's short-term model), by engine.model.melody_model's
`TrainedModel.pitch_weights` (the composer without a joint model)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.model.ppm import Counts, predict
from engine.model.viewpoints import (
    DEGREE_ALPHABET,
    INTERVAL_ALPHABET,
    INTERVAL_LIMIT,
    WIDE_LEAP,
    degree_condition,
    degree_symbol,
    interval_symbol,
)

SHORT_TERM_ORDER = 6  # context length of the melody's own short-term model
SHORT_TERM_ESCAPE = "X"  # as in bench/model_quality.py
SHORT_TERM_MIN_NOTES = 4  # below this the short-term model has nothing to say
SHORT_TERM_BIAS = 2.0  # entropy weighting of long- against short-term predictions (bench)
SHORT_TERM_WEIGHT = 0.15  # share of the short-term model in a composed melody's pitch weights


def on_degrees(distribution: np.ndarray, candidates: Sequence[int], tonic_pc: int) -> np.ndarray:
    """A scale-degree distribution spread over candidate pitches (octaves share a degree)."""
    classes = (np.asarray(candidates) - tonic_pc) % 12
    values = distribution[classes] / np.bincount(classes, minlength=12)[classes]
    result: np.ndarray = values / values.sum()
    return result


# Diatonic size class (0 unison, 1 second, ... 7 octave) of each chromatic interval size
# 0-12 semitones; the tritone (3.5) is a class of its own.
SIZE_CLASS = np.array([0, 1, 1, 2, 2, 3, 3.5, 4, 5, 5, 6, 6, 7])


def on_intervals(distribution: np.ndarray, candidates: Sequence[int], last: int) -> np.ndarray:
    """An interval distribution as probabilities of candidate pitches after `last`.

    The model's intervals are chromatic, but the candidates are one scale: a step down
    is either -1 or -2 semitones, never both. Weighing a candidate by its own chromatic
    interval alone loses the other's mass, which made steps and thirds rarer than the
    tunes have them and fourths, fifths and repeats (always in the scale) commoner:
    leaps and zig-zags. So each candidate gets the mass of its whole diatonic size class
    (same direction), shared among the candidates in that class.
    """
    steps = np.asarray(candidates) - last
    wide = np.abs(steps) > INTERVAL_LIMIT
    sizes = np.arange(-INTERVAL_LIMIT, INTERVAL_LIMIT + 1)
    size_classes = np.sign(sizes) * SIZE_CLASS[np.abs(sizes)]
    classes = np.sign(steps) * SIZE_CLASS[np.minimum(np.abs(steps), INTERVAL_LIMIT)]
    same = classes[:, None] == size_classes[None, :]  # candidate x chromatic interval
    mass = same.astype(np.float64) @ distribution[:WIDE_LEAP]
    sharing = (classes[:, None] == classes[None, :]).sum(axis=1)
    values = np.where(wide, distribution[WIDE_LEAP] / 12, mass / sharing)  # wide: one symbol
    result: np.ndarray = values / values.sum()
    return result


class ShortTermModel:
    """What this melody has done so far, as PPM counts learned note by note (IDyOM's STM)."""

    def __init__(self, tonic_pc: int, family: int, order: int = SHORT_TERM_ORDER) -> None:
        self.tonic_pc = tonic_pc
        self.family = family
        self.interval = Counts(INTERVAL_ALPHABET, order, update_exclusion=True)
        self.degree = Counts(DEGREE_ALPHABET, order, update_exclusion=True)
        self.pitches: list[int] = []
        self.intervals: list[int] = []
        self.degrees: list[int] = []

    def learn(self, pitch: int, beat_strength: int) -> None:
        """Count one more note of the melody (at `beat_strength`, 0-2)."""
        order = self.degree.order
        degree = degree_symbol(pitch, self.tonic_pc)
        self.degree.add(self.degrees[-order:], degree, degree_condition(self.family, beat_strength))
        if self.pitches:
            interval = interval_symbol(pitch - self.pitches[-1])
            self.interval.add(self.intervals[-order:], interval, beat_strength)
            self.intervals.append(interval)
        self.degrees.append(degree)
        self.pitches.append(pitch)

    def distributions(self, candidates: Sequence[int], beat_strength: int) -> list[np.ndarray]:
        """Degree and interval predictions for the next note, over the candidates."""
        order = self.degree.order
        degree = predict(
            self.degree,
            self.degrees[-order:],
            degree_condition(self.family, beat_strength),
            escape=SHORT_TERM_ESCAPE,
        )
        result = [on_degrees(degree, candidates, self.tonic_pc)]
        if self.pitches:
            interval = predict(
                self.interval, self.intervals[-order:], beat_strength, escape=SHORT_TERM_ESCAPE
            )
            result.append(on_intervals(interval, candidates, self.pitches[-1]))
        return result
