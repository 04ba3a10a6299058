"""What the critic listens to: a melody as a fixed-length vector of its melodic habits.

The features describe how a line moves, not how fast or how syncopated it is (those
are the knobs' business, set by the user or matched to a human tune):

- moves: the interval histogram (-12..12 semitones, wider ones in the end bins);
- motion classes (repeat, step, skip of a third, leap; up or down) and their bigrams,
  so a step after a leap (gap fill) or a run of steps is seen as such;
- contour: trigrams of the direction of two moves in a row;
- stepwise runs: how long runs of steps in one direction are (1..7 and more);
- scale degrees of all notes and of the notes on downbeats;
- span (semitones), the mean span of a bar, and how often a note is a new extreme;
- durations: whether each note is shorter, as long or longer than the one before;
- variety: the entropy (bits) of the pitch classes and of the note values.

Inputs are (MIDI pitch, start, duration) in beats with the tonic's pitch class and
the bar length in beats. Pure numpy; no model here (see engine.model.critic).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

Notes = Sequence[tuple[int, float, float]]  # (MIDI pitch, start beats, duration beats)
INTERVAL_LIMIT = 12  # semitones; wider moves share the end bins
MOTIONS = 7  # repeat, step up, step down, skip up, skip down, leap up, leap down
LONGEST_RUN = 7  # stepwise runs of 7 moves or more share the last bin
_EPSILON = 1e-6


def motion_class(interval: int) -> int:
    """0 repeat, 1/2 step (1-2 semitones) up/down, 3/4 skip (3-4) up/down, 5/6 leap up/down."""
    size = abs(interval)
    if size == 0:
        return 0
    band = 1 if size <= 2 else 3 if size <= 4 else 5
    return band if interval > 0 else band + 1


def _shares(values: Sequence[int], size: int) -> np.ndarray:
    counts = np.bincount(np.asarray(values, dtype=np.int64), minlength=size)[:size]
    return counts / max(1, len(values))


def _run_lengths(intervals: Sequence[int]) -> list[int]:
    """Lengths (in moves) of the runs of steps that keep one direction."""
    runs: list[int] = []
    length, direction = 0, 0
    for interval in intervals:
        stepping = 1 <= abs(interval) <= 2
        sign = 1 if interval > 0 else -1
        if stepping and sign == direction:
            length += 1
            continue
        if length:
            runs.append(length)
        length, direction = (1, sign) if stepping else (0, 0)
    if length:
        runs.append(length)
    return runs


def _extremes(pitches: Sequence[int]) -> float:
    """Share of the notes that reach a new highest or lowest pitch of the melody so far."""
    high = low = pitches[0]
    new = 0
    for pitch in pitches[1:]:
        if pitch > high or pitch < low:
            new += 1
        high, low = max(high, pitch), min(low, pitch)
    return new / max(1, len(pitches) - 1)


def _bar_spans(notes: Notes, bar_beats: float) -> float:
    """Mean pitch span (semitones) inside a bar."""
    bars: dict[int, list[int]] = {}
    for pitch, start, _ in notes:
        bars.setdefault(int(start / bar_beats + _EPSILON), []).append(pitch)
    return float(np.mean([max(p) - min(p) for p in bars.values()])) if bars else 0.0


def _entropy(values: Sequence[object]) -> float:
    """Shannon entropy in bits of the values' frequencies."""
    if not values:
        return 0.0
    _, counts = np.unique(np.asarray([str(v) for v in values]), return_counts=True)
    shares = counts / counts.sum()
    return float(-(shares * np.log2(shares)).sum())


def _duration_moves(durations: Sequence[float]) -> np.ndarray:
    """Shares of notes shorter than, as long as, and longer than the note before."""
    moves = [
        0 if b < a - _EPSILON else 2 if b > a + _EPSILON else 1
        for a, b in itertools.pairwise(durations)
    ]
    return _shares(moves, 3)


def feature_vector(notes: Notes, tonic_pc: int, bar_beats: float) -> np.ndarray:
    """The critic's features of one melody (see the module docstring), float64."""
    pitches = [p for p, _, _ in notes]
    intervals = [b - a for a, b in itertools.pairwise(pitches)]
    clipped = [max(-INTERVAL_LIMIT, min(INTERVAL_LIMIT, i)) + INTERVAL_LIMIT for i in intervals]
    motions = [motion_class(i) for i in intervals]
    bigrams = [a * MOTIONS + b for a, b in itertools.pairwise(motions)]
    signs = [int(np.sign(i)) + 1 for i in intervals]
    contour = [a * 9 + b * 3 + c for a, b, c in zip(signs, signs[1:], signs[2:], strict=False)]
    runs = [min(r, LONGEST_RUN) - 1 for r in _run_lengths(intervals)]
    degrees = [(p - tonic_pc) % 12 for p in pitches]
    downbeats = [
        (p - tonic_pc) % 12
        for p, s, _ in notes
        if abs(s / bar_beats - round(s / bar_beats)) * bar_beats < _EPSILON
    ]
    span = (max(pitches) - min(pitches)) if pitches else 0
    return np.concatenate(
        [
            _shares(clipped, 2 * INTERVAL_LIMIT + 1),
            _shares(motions, MOTIONS),
            _shares(bigrams, MOTIONS * MOTIONS),
            _shares(contour, 27),
            _shares(runs, LONGEST_RUN),
            [np.mean([r + 1 for r in runs]) / LONGEST_RUN if runs else 0.0],
            _shares(degrees, 12),
            _shares(downbeats, 12),
            [span / 24, _bar_spans(notes, bar_beats) / 12, _extremes(pitches) if pitches else 0.0],
            _duration_moves([d for _, _, d in notes]),
            [_entropy(degrees) / 3.6, _entropy([round(d, 3) for _, _, d in notes]) / 3.3],
        ]
    ).astype(np.float64)


FEATURES = len(feature_vector([(60, 0.0, 1.0), (62, 1.0, 1.0), (64, 2.0, 1.0)], 0, 4.0))
