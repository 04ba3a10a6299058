"""The critic: how much a melody moves like a human tune, learned from the tunes.

A small neural network (one hidden layer of rectified units) over the features of
engine.model.critic_features, trained by `scripts/train_critic.py` to tell 8-bar
windows of the training tunes from the composer's own melodies, and shipped in the
model file as `critic.*` arrays (standardisation, weights, biases). `score` is its
log-odds that a melody is human: above 0 it sounds more like the tunes than like
the composer's average draft. Game items use it to choose among drafts at the
matched settings (bot.services.games.items). Inference is numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.melody import Melody
from engine.model.critic_features import FEATURES, feature_vector
from engine.theory.scales import KEYS

PREFIX = "critic."
ARRAYS = ("mean", "scale", "hidden_weights", "hidden_bias", "output_weights", "output_bias")


@dataclass(frozen=True)
class Critic:
    """The trained network: standardisation, then ReLU hidden layer, then one logit."""

    mean: np.ndarray
    scale: np.ndarray
    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    output_weights: np.ndarray
    output_bias: np.ndarray

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Log-odds of 'human' for each row of `features` (melodies x FEATURES)."""
        standard = (features - self.mean) / self.scale
        hidden = np.maximum(standard @ self.hidden_weights + self.hidden_bias, 0.0)
        result: np.ndarray = (hidden @ self.output_weights + self.output_bias).ravel()
        return result

    def score(self, melody: Melody) -> float:
        """Log-odds that `melody` is one of the tunes rather than a composer's draft."""
        return float(self.logits(melody_features(melody)[None, :])[0])

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {PREFIX + name: np.asarray(getattr(self, name)) for name in ARRAYS}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Critic | None:
        """The critic of a loaded model file (None when the file has none or an older one)."""
        if any(PREFIX + name not in arrays for name in ARRAYS):
            return None
        critic = cls(*(np.asarray(arrays[PREFIX + name], dtype=np.float64) for name in ARRAYS))
        return critic if critic.mean.shape == (FEATURES,) else None


def melody_features(melody: Melody) -> np.ndarray:
    """The critic's features of a Melody (its melody notes, in its key)."""
    notes = [(n.pitch, n.start, n.duration) for n in melody.notes]
    return feature_vector(notes, KEYS[melody.params.key] % 12, melody.meter.bar_beats)
