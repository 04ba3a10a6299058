"""The melody model used by `engine.compose`: next-pitch weights and forbidden 8-grams.

`TrainedModel` holds two PPM models learned from the public-domain tunes by
`scripts/train_model.py` (chromatic interval and scale degree, see
engine.viewpoints) and the hashed 8-grams of the training tunes, all in one
numpy file, `engine/data/melody_model.npz`. `load_model()` loads it once per
process; without the file (a fresh checkout before training) a rule-of-thumb
`StepwiseModel` keeps the engine working.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.originality import EMPTY, NgramSet
from engine.ppm import CachedPredictor, Frozen, combine
from engine.viewpoints import (
    INTERVAL_LIMIT,
    WIDE_LEAP,
    degree_condition,
    degree_symbol,
    interval_symbol,
    interval_symbols,
)

MODEL_PATH = Path(__file__).parent / "data" / "melody_model.npz"
CACHE_SIZE = 50_000  # memoised predictions per process (contexts repeat a lot)


class PitchModel(Protocol):
    """What composition needs from a melody model."""

    banned_ngrams: NgramSet

    def pitch_weights(self, history: Sequence[int], candidates: Sequence[int], tonic_pc: int,
                      family: int, beat_strength: int) -> list[float]:
        """Relative probability of each candidate MIDI pitch following `history`.

        `family` is 0 for major-third scales, 1 for minor; `beat_strength` 0-2
        (engine.viewpoints.strength) is where the new note falls.
        """
        ...


class StepwiseModel:
    """Fallback model: prefers steps and small leaps; no training data needed."""

    banned_ngrams: NgramSet = EMPTY
    description = "rule of thumb (no trained model file)"

    def pitch_weights(self, history: Sequence[int], candidates: Sequence[int], tonic_pc: int,
                      family: int, beat_strength: int) -> list[float]:
        if not history:
            return [2.0 if (c - tonic_pc) % 12 in (0, 7) else 1.0 for c in candidates]
        last = history[-1]
        return [math.exp(-abs(c - last) / 3.0) * (0.5 if c == last else 1.0) for c in candidates]


class TrainedModel:
    """PPM interval and degree models combined like IDyOM, plus the training 8-grams."""

    def __init__(self, interval: Frozen, degree: Frozen, banned: NgramSet,
                 info: dict) -> None:
        self.interval = interval
        self.degree = degree
        self.banned_ngrams = banned
        self.info = info
        self.description = (f"PPM-C, interval order {interval.order}, degree order "
                            f"{degree.order}, {info.get('tunes', '?')} tunes")
        self._interval_dist = CachedPredictor(interval, maxsize=CACHE_SIZE)
        self._degree_dist = CachedPredictor(degree, maxsize=CACHE_SIZE)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TrainedModel:
        """Read the model file (numpy arrays only; no pickle, no music21)."""
        with np.load(path, allow_pickle=False) as arrays:
            data = {name: arrays[name] for name in arrays.files}
        info = json.loads(bytes(data["info"]).decode())
        banned = NgramSet(data["banned"])
        return cls(Frozen.from_arrays("interval", data), Frozen.from_arrays("degree", data),
                   banned, info)

    def pitch_weights(self, history: Sequence[int], candidates: Sequence[int], tonic_pc: int,
                      family: int, beat_strength: int) -> list[float]:
        degree_context = tuple(degree_symbol(p, tonic_pc)
                               for p in history[len(history) - self.degree.order:])
        degree_dist = self._degree_dist(degree_context, degree_condition(family, beat_strength))
        classes = [degree_symbol(c, tonic_pc) for c in candidates]
        share = {pc: classes.count(pc) for pc in set(classes)}  # octaves split a class's mass
        by_degree = np.array([degree_dist[pc] / share[pc] for pc in classes])
        distributions = [by_degree / by_degree.sum()]
        if history:
            recent = history[max(0, len(history) - self.interval.order - 1):]
            context = tuple(interval_symbols(recent))
            interval_dist = self._interval_dist(context, beat_strength)
            last = history[-1]
            by_interval = np.array([
                interval_dist[interval_symbol(c - last)]
                / (1 if abs(c - last) <= INTERVAL_LIMIT else 12)  # the wide-leap symbol is shared
                for c in candidates])
            distributions.append(by_interval / by_interval.sum())
        return combine(distributions).tolist()


@functools.cache
def load_model() -> PitchModel:
    """The shipped trained model, loaded once per process (fallback: StepwiseModel)."""
    if MODEL_PATH.exists():
        return TrainedModel.load(MODEL_PATH)
    return StepwiseModel()


__all__ = ["MODEL_PATH", "WIDE_LEAP", "PitchModel", "StepwiseModel", "TrainedModel",
           "load_model"]
