"""Key finding: the Krumhansl-Schmuckler algorithm over duration-weighted pitch classes.

Public API: `infer_key`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from engine.theory.scales import NOTE_NAMES

# Krumhansl-Kessler key profiles (probe-tone ratings), tonic first.
_MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def infer_key(notes: Iterable[tuple[int, float]]) -> tuple[str, str]:
    """(key, 'major' or 'minor') whose profile best matches the duration-weighted pitch classes.

    `notes` are (MIDI pitch, duration in beats) pairs.
    """
    weights = np.zeros(12)
    for pitch, duration in notes:
        weights[pitch % 12] += duration
    best = (-2.0, "C", "major")
    if weights.std() == 0:
        return "C", "major"
    for tonic in range(12):
        for scale, profile in (("major", _MAJOR_PROFILE), ("minor", _MINOR_PROFILE)):
            score = float(np.corrcoef(weights, np.roll(profile, tonic))[0, 1])
            if score > best[0]:
                best = (score, NOTE_NAMES[tonic], scale)
    return best[1], best[2]
