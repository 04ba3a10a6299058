"""The melody model used by `engine.compose`: the joint note model, 8-grams, and the
earlier per-viewpoint models.

`TrainedModel` holds what `scripts/train_model.py` learned from the public-domain tunes,
in one numpy file, `engine/model/data/melody_model.npz` (no pickle, no music21 needed):
the joint (scale step, duration) model the composer walks (`joint`, engine.model.joint),
the phrase forms of the tunes (`info["forms"]`), the hashed 8-grams of the training
tunes (engine.originality), and the earlier models, for a file without a joint model:
PPM models of the chromatic interval (given the note's beat strength and duration) and
the scale degree, rhythm cells by bar position, and a `ShortTermModel` learning the
melody as it grows (engine.model.short_term). `load_model()` loads the file once per
process; without it (a fresh checkout before training) a rule-of-thumb `StepwiseModel`
keeps the engine working.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.model.critic import Critic
from engine.model.joint import COARSE_ORDER, FINE_ORDER, JointModel
from engine.model.joint_memory import MEMORY_WEIGHT
from engine.model.originality import EMPTY, NgramSet
from engine.model.ppm import ESCAPE, CachedPredictor, Frozen, combine
from engine.model.rhythm_cells import COMPOUND_CELLS, SIMPLE_CELLS
from engine.model.short_term import (
    SHORT_TERM_MIN_NOTES,
    SHORT_TERM_ORDER,
    SHORT_TERM_WEIGHT,
    ShortTermModel,
    on_degrees,
    on_intervals,
)
from engine.model.viewpoints import (
    WIDE_LEAP,
    degree_condition,
    degree_symbol,
    interval_condition,
    interval_symbols,
)

MODEL_PATH = Path(__file__).parent / "data" / "melody_model.npz"
CACHE_SIZE = 20_000  # memoised predictions per cache (~0.3 kB each); contexts repeat a lot
# The interval counts are full counts (scripts/train_model.py); PPM escape C suits them best.
# (The degree model keeps update-excluded counts and escape X: full counts there pulled the
# contour knob off its signature.)
INTERVAL_ESCAPE = "C"


class PitchModel(Protocol):
    """What composition needs from a melody model."""

    banned_ngrams: NgramSet
    joint: JointModel | None
    motion_tilt: np.ndarray | None
    degree_tilt: np.ndarray | None
    critic: Critic | None

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
    motion_tilt: np.ndarray | None = None
    degree_tilt: np.ndarray | None = None
    critic: Critic | None = None
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
        motion_tilt: np.ndarray | None = None,
        critic: Critic | None = None,
        degree_tilt: np.ndarray | None = None,
    ) -> None:
        self.interval = interval
        self.joint = joint  # pitch and duration together (engine.model.joint)
        # Weights over the next move's class by context (engine.compose.motion_tilt).
        self.motion_tilt = motion_tilt
        self.degree_tilt = degree_tilt  # weights per scale degree (engine.compose.degree_tilt)
        self.critic = critic  # how tune-like a melody is (engine.model.critic)
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
            data.get("motion_tilt"),
            Critic.from_arrays(data),
            data.get("degree_tilt"),
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
