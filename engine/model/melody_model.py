"""The melody model used by `engine.compose`: the joint note model, 8-grams, and the
earlier per-viewpoint models.

`TrainedModel` holds what `scripts/train_model.py` learned from the public-domain tunes,
in one numpy file, `engine/model/data/melody_model.npz` (no pickle, no music21 needed):
the joint (scale step, duration) model the composer walks (`joint`, engine.model.joint),
the phrase forms of the tunes (`info["forms"]`), the hashed 8-grams of the training
tunes (engine.originality), and the earlier models, still used by variations: PPM
models of the chromatic interval (given the note's beat strength and duration) and the
scale degree, rhythm cells by bar position, and a `ShortTermModel` learning the melody
as it grows. `load_model()` loads the file once per process; without it (a fresh
checkout before training) a rule-of-thumb `StepwiseModel` keeps the engine working.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.model.joint import COARSE_ORDER, FINE_ORDER, JointModel
from engine.model.joint_memory import MEMORY_WEIGHT
from engine.model.originality import EMPTY, NgramSet
from engine.model.ppm import ESCAPE, CachedPredictor, Counts, Frozen, combine, predict
from engine.model.rhythm_cells import COMPOUND_CELLS, SIMPLE_CELLS
from engine.model.viewpoints import (
    DEGREE_ALPHABET,
    INTERVAL_ALPHABET,
    INTERVAL_LIMIT,
    WIDE_LEAP,
    degree_condition,
    degree_symbol,
    interval_condition,
    interval_symbol,
    interval_symbols,
)

MODEL_PATH = Path(__file__).parent / "data" / "melody_model.npz"
CACHE_SIZE = 20_000  # memoised predictions per cache (~0.3 kB each); contexts repeat a lot
SHORT_TERM_ORDER = 6  # context length of the melody's own short-term model
SHORT_TERM_ESCAPE = "X"  # as in bench/model_quality.py
SHORT_TERM_MIN_NOTES = 4  # below this the short-term model has nothing to say
SHORT_TERM_BIAS = 2.0  # entropy weighting of long- against short-term predictions (bench)
SHORT_TERM_WEIGHT = 0.15  # share of the short-term model in a composed melody's pitch weights
# The interval counts are full counts (scripts/train_model.py); PPM escape C suits them best.
# (The degree model keeps update-excluded counts and escape X: full counts there pulled the
# contour knob off its signature.)
INTERVAL_ESCAPE = "C"


class PitchModel(Protocol):
    """What composition needs from a melody model."""

    banned_ngrams: NgramSet
    joint: JointModel | None

    def pitch_weights(
        self,
        history: Sequence[int],
        candidates: Sequence[int],
        tonic_pc: int,
        family: int,
        beat_strength: int,
        short_term: ShortTermModel | None = None,
        duration: float = 1.0,
    ) -> list[float]:
        """Relative probability of each candidate MIDI pitch following `history`.

        `family` is 0 for major-third scales, 1 for minor; `beat_strength` 0-2
        (engine.viewpoints.strength) is where the new note falls and `duration`
        (beats) how long it lasts; `short_term` is the melody's own model so far.
        """
        ...

    def short_term(self, tonic_pc: int, family: int) -> ShortTermModel | None:
        """A fresh short-term model for one melody (None if the model has none)."""
        ...


class StepwiseModel:
    """Fallback model: prefers steps and small leaps; no training data needed."""

    banned_ngrams: NgramSet = EMPTY
    joint: JointModel | None = None
    description = "rule of thumb (no trained model file)"

    def short_term(self, tonic_pc: int, family: int) -> None:
        """No short-term model without a trained one."""
        return None

    def pitch_weights(
        self,
        history: Sequence[int],
        candidates: Sequence[int],
        tonic_pc: int,
        family: int,
        beat_strength: int,
        short_term: ShortTermModel | None = None,
        duration: float = 1.0,
    ) -> list[float]:
        if not history:
            return [2.0 if (c - tonic_pc) % 12 in (0, 7) else 1.0 for c in candidates]
        last = history[-1]
        return [math.exp(-abs(c - last) / 3.0) * (0.5 if c == last else 1.0) for c in candidates]


class TrainedModel:
    """PPM interval and degree models combined like IDyOM, plus the training 8-grams."""

    def __init__(
        self,
        interval: Frozen,
        degree: Frozen,
        banned: NgramSet,
        info: dict[str, object],
        rhythm: dict[bool, Frozen] | None = None,
        joint: JointModel | None = None,
    ) -> None:
        self.interval = interval
        self.joint = joint  # pitch and duration together (engine.model.joint)
        self.degree = degree
        self._rhythm = {
            compound: CachedPredictor(store, maxsize=CACHE_SIZE)
            for compound, store in (rhythm or {}).items()
        }
        self.banned_ngrams = banned
        self.info = info
        self.description = (
            (
                f"joint PPM of (scale step, duration) tokens, orders {COARSE_ORDER}/"
                f"{FINE_ORDER} (escape C) from {info.get('tunes', '?')} tunes, with the "
                f"melody's own memory at weight {MEMORY_WEIGHT}"
            )
            if joint is not None
            else (
                f"PPM: interval order {interval.order} ({INTERVAL_ESCAPE} escape, given each "
                f"note's beat strength and duration) and degree order {degree.order} ({ESCAPE} "
                f"escape) from {info.get('tunes', '?')} tunes, short-term order "
                f"{SHORT_TERM_ORDER} at weight {SHORT_TERM_WEIGHT}, learned rhythm cells"
            )
        )
        self._interval_dist = CachedPredictor(interval, INTERVAL_ESCAPE, maxsize=CACHE_SIZE)
        self._degree_dist = CachedPredictor(degree, maxsize=CACHE_SIZE)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TrainedModel:
        """Read the model file (numpy arrays only; no pickle, no music21)."""
        with np.load(path, allow_pickle=False) as arrays:
            data = {name: arrays[name] for name in arrays.files}
        info = json.loads(bytes(data["info"]).decode())
        banned = NgramSet(data["banned"])
        rhythm = {
            compound: Frozen.from_arrays(name, data)
            for compound, name in ((False, "rhythm_simple"), (True, "rhythm_compound"))
            if f"{name}.keys" in data
        }
        return cls(
            Frozen.from_arrays("interval", data),
            Frozen.from_arrays("degree", data),
            banned,
            info,
            rhythm,
            JointModel.from_arrays(data),
        )

    def cell_probabilities(
        self, history: tuple[int, ...], position: int, *, compound: bool
    ) -> np.ndarray:
        """Learned probability of each rhythm cell (engine.rhythm order) at a bar position."""
        predictor = self._rhythm.get(compound)
        if predictor is None:
            return np.ones(len(COMPOUND_CELLS if compound else SIMPLE_CELLS))
        return predictor(history, position)[:-1]  # the last symbol is "no known cell"

    def short_term(self, tonic_pc: int, family: int) -> ShortTermModel:
        """A fresh short-term model for one melody."""
        return ShortTermModel(tonic_pc, family)

    def pitch_weights(
        self,
        history: Sequence[int],
        candidates: Sequence[int],
        tonic_pc: int,
        family: int,
        beat_strength: int,
        short_term: ShortTermModel | None = None,
        duration: float = 1.0,
    ) -> list[float]:
        degree_context = tuple(
            degree_symbol(p, tonic_pc) for p in history[len(history) - self.degree.order :]
        )
        degree_dist = self._degree_dist(degree_context, degree_condition(family, beat_strength))
        distributions = [on_degrees(degree_dist, candidates, tonic_pc)]
        if history:
            recent = history[max(0, len(history) - self.interval.order - 1) :]
            condition = interval_condition(beat_strength, duration)
            interval_dist = self._interval_dist(tuple(interval_symbols(recent)), condition)
            distributions.append(on_intervals(interval_dist, candidates, history[-1]))
        long_term = combine(distributions)
        if short_term is None or len(short_term.pitches) < SHORT_TERM_MIN_NOTES:
            return [float(w) for w in long_term]
        own = combine(short_term.distributions(candidates, beat_strength))
        # A light hand: the melody's own habits shape it, but at full weight (IDyOM's
        # entropy weighting) they narrow its intervals to a few and make it zig-zag.
        mixed = (1 - SHORT_TERM_WEIGHT) * np.log(np.maximum(long_term, 1e-300))
        mixed += SHORT_TERM_WEIGHT * np.log(np.maximum(own, 1e-300))
        mixed = np.exp(mixed - mixed.max())
        return [float(w) for w in mixed / mixed.sum()]


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


@functools.cache
def load_model() -> PitchModel:
    """The shipped trained model, loaded once per process (fallback: StepwiseModel)."""
    if MODEL_PATH.exists():
        return TrainedModel.load(MODEL_PATH)
    return StepwiseModel()


__all__ = [
    "MODEL_PATH",
    "WIDE_LEAP",
    "PitchModel",
    "ShortTermModel",
    "StepwiseModel",
    "TrainedModel",
    "load_model",
]
