"""The motion tilt: contexts count stepwise runs, and the calibrated table makes the
composer run stepwise further, as the tunes do."""

from __future__ import annotations

import itertools

import numpy as np

from engine.compose.composer import compose
from engine.compose.motion_tilt import (
    RUN_BUCKETS,
    START,
    context_counts,
    motion_context,
    motion_weights,
    neutral,
)
from engine.model.melody_model import load_model
from engine.params.melody import MelodyParams


def test_the_context_is_the_last_move_and_how_far_the_line_has_run() -> None:
    assert motion_context([60]) == START
    assert motion_context([60, 62]) == 1 * RUN_BUCKETS + 1  # one step up
    assert motion_context([60, 62, 64, 65]) == 1 * RUN_BUCKETS + 3  # three steps up
    assert motion_context([55, 57, 59, 60, 62, 64]) == 1 * RUN_BUCKETS + 3  # capped
    assert motion_context([64, 62, 60]) == 2 * RUN_BUCKETS + 2  # two steps down
    assert motion_context([60, 67]) == 5 * RUN_BUCKETS  # a leap up: no run


def test_counts_and_weights_follow_the_table() -> None:
    counts = context_counts([[60, 62, 64, 64]])
    assert counts.sum() == 3 and counts[START, 1] == 1 and counts[1 * RUN_BUCKETS + 2, 0] == 1
    table = neutral()
    table[1 * RUN_BUCKETS + 1, 1] = 3.0  # after one step up, favour another
    weights = motion_weights(table, [60, 62], np.array([62, 64, 65, 60]))
    assert weights.tolist() == [1.0, 3.0, 1.0, 1.0]


def _turns_and_steps(pitches: list[int]) -> tuple[float, float]:
    """Share of moves that turn the line around, and share of moves that are steps."""
    moves = [b - a for a, b in itertools.pairwise(pitches)]
    moving = [m for m in moves if m]
    turns = sum(1 for a, b in itertools.pairwise(moving) if (a > 0) != (b > 0))
    steps = sum(1 for m in moves if 1 <= abs(m) <= 2)
    return turns / max(1, len(moving) - 1), steps / max(1, len(moves))


def test_the_shipped_table_turns_less_and_steps_more_like_the_tunes() -> None:
    # The tunes turn on 0.49 of their moves and step on 0.51; the plain model turns on 0.53.
    model = load_model()
    assert model.motion_tilt is not None
    shipped = model.motion_tilt
    meters = ("4/4", "3/4", "6/8", "2/4")
    melodies = [MelodyParams(bars=8, seed=s, time=meters[s % 4], chords=False) for s in range(80)]

    def measured() -> np.ndarray:
        return np.mean(
            [_turns_and_steps([n.pitch for n in compose(p).notes]) for p in melodies], axis=0
        )

    try:
        calibrated = measured()
        model.motion_tilt = None
        plain = measured()
    finally:
        model.motion_tilt = shipped
    assert calibrated[0] < plain[0] - 0.015, (calibrated, plain)
    assert calibrated[1] > plain[1], (calibrated, plain)
