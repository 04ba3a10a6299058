"""Motion calibration: a learned tilt on the next move, given how the line has been moving.

Why: sampled freely, the joint model's short contexts do not know that the line has
been running down the scale for four notes, nor that it just leapt; so it turns
more often, runs stepwise less far and repeats notes more than the tunes it learned
from (runs of 2.4 steps against the tunes' 3.1, falling semitones 0.056 of the moves
against 0.086). The tilt is a table of weights over the next move's class (repeat,
step, skip of a third, leap; up or down), for each context: the last move's class
and, after a step, how many steps the line has run in that direction (1, 2, 3 or
more). It is fitted by `scripts/calibrate_motion.py` so that the composer's motion
statistics match the tunes' (iterative scaling: each round composes melodies,
counts their moves in context, and multiplies each weight by the tunes' share over
the composer's), and ships in the model file as `motion_tilt`. With no table, every
weight is 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.model.critic_features import MOTIONS, motion_class

RUN_BUCKETS = 4  # steps run in one direction so far: none, 1, 2, 3 or more
CONTEXTS = MOTIONS * RUN_BUCKETS + 1  # the last one: no move yet
START = CONTEXTS - 1
WIDEST = 36  # semitones either way covered by the lookup table
_CLASS_OF = np.array([motion_class(i) for i in range(-WIDEST, WIDEST + 1)], dtype=np.int64)


def neutral() -> np.ndarray:
    """The table that changes nothing (every weight 1)."""
    return np.ones((CONTEXTS, MOTIONS), dtype=np.float64)


def motion_context(pitches: Sequence[int]) -> int:
    """Context index of the next move after the MIDI pitches so far."""
    if len(pitches) < 2:
        return START
    last = pitches[-1] - pitches[-2]
    kind = motion_class(last)
    run = 0
    if 1 <= abs(last) <= 2:
        direction = last > 0
        for before, after in zip(reversed(pitches[:-1]), reversed(pitches), strict=False):
            move = after - before
            if not (1 <= abs(move) <= 2 and (move > 0) == direction) or run == RUN_BUCKETS - 1:
                break
            run += 1
    return kind * RUN_BUCKETS + run


def classes(intervals: np.ndarray) -> np.ndarray:
    """Motion class of each interval (semitones)."""
    result: np.ndarray = _CLASS_OF[np.clip(intervals, -WIDEST, WIDEST) + WIDEST]
    return result


def motion_weights(table: np.ndarray, pitches: Sequence[int], candidates: np.ndarray) -> np.ndarray:
    """Weight per candidate MIDI pitch after the melody's `pitches` so far."""
    if not len(pitches):
        return np.ones(len(candidates))
    row = table[motion_context(pitches)]
    result: np.ndarray = row[classes(np.asarray(candidates) - pitches[-1])]
    return result


def context_counts(pitch_lists: Sequence[Sequence[int]]) -> np.ndarray:
    """Counts of (context, next move class) over melodies given as MIDI pitch lists."""
    counts = np.zeros((CONTEXTS, MOTIONS), dtype=np.float64)
    for pitches in pitch_lists:
        for end in range(1, len(pitches)):
            context = motion_context(pitches[:end])
            counts[context, motion_class(pitches[end] - pitches[end - 1])] += 1
    return counts
