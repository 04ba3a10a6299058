"""Degree calibration: a learned weight per scale degree, by mode family and beat strength.

Why: the joint model predicts each move from the previous degree, but sampled with
its short contexts, the chord lean and the knobs' tilts it leans on the tonic and the
leading tone and too little on the third (major melodies in the human pool's keys and
meters: third 0.135 of the notes against the pool's 0.171, leading tone 0.117 against
0.085), and the degrees were the first tells of fresh melodies against held-out tunes.
The table, fitted by `scripts/calibrate_motion.py` alongside the motion tilt
(iterative scaling of the composer's degree shares towards the training tunes', per
mode family and beat strength; third 0.148, leading tone 0.105 after), ships in the
model file as `degree_tilt`; without it every weight is 1.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

FAMILIES = 2  # major-third and minor-third modes (engine.model.viewpoints.mode_family)
STRENGTHS = 3  # off the pulse, other pulse, strong beat (engine.model.viewpoints.strength)
DEGREES = 7


def neutral() -> np.ndarray:
    """The table that changes nothing (every weight 1)."""
    return np.ones((FAMILIES, STRENGTHS, DEGREES), dtype=np.float64)


def degree_weights(
    table: np.ndarray, family: int, beat_strength: int, degrees: np.ndarray
) -> np.ndarray:
    """Weight per candidate, given each candidate's scale degree (0 = tonic .. 6)."""
    result: np.ndarray = table[family, beat_strength][degrees]
    return result


def degree_counts(notes: Iterable[tuple[int, int, int]]) -> np.ndarray:
    """Counts of (mode family, beat strength, scale degree) over the given triples."""
    counts = np.zeros((FAMILIES, STRENGTHS, DEGREES), dtype=np.float64)
    for family, beat_strength, degree in notes:
        counts[family, beat_strength, degree] += 1
    return counts
