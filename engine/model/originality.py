"""Originality tokens: a melody as (interval, duration) tokens, and hashed 8-grams of them.

No generated melody may repeat a run of `NGRAM` consecutive tokens of any
training tune. The training tunes' 8-grams ship as a set of 64-bit hashes
inside the model file; a hash is stable across runs and machines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

NGRAM = 8  # tokens in a forbidden run
DURATION_UNITS = 12  # durations are compared in twelfths of a beat (sixteenths and triplets)
_MASK = (1 << 64) - 1
_FNV_PRIME = 1099511628211
_FNV_OFFSET = 14695981039346656037


def token(interval: int, duration_beats: float) -> int:
    """One token as a small int: semitone interval (-63..63) and duration in 1/12 beats."""
    units = max(1, min(4095, round(duration_beats * DURATION_UNITS)))
    return ((interval + 64) & 127) << 12 | units


def tokens(pitches: Sequence[int], durations: Sequence[float]) -> list[int]:
    """Tokens of a note sequence: token i links note i to note i+1 (interval, its duration)."""
    return [token(pitches[i] - pitches[i - 1], durations[i]) for i in range(1, len(pitches))]


def hash_state(run: Sequence[int], value: int = _FNV_OFFSET) -> int:
    """FNV-1a state after feeding `run` (continue it with more tokens, finish with >> 1)."""
    for t in run:
        value = ((value ^ t) * _FNV_PRIME) & _MASK
    return value


def finish(state: int, last: int) -> int:
    """The hash of a run whose first tokens gave `state` and whose last token is `last`."""
    return (((state ^ last) * _FNV_PRIME) & _MASK) >> 1


def finish_many(state: int, interval: np.ndarray, duration_beats: np.ndarray) -> np.ndarray:
    """`finish(state, token(i, d))` for arrays of intervals and durations at once."""
    units = np.clip(np.round(duration_beats * DURATION_UNITS), 1, 4095).astype(np.uint64)
    tokens = (((interval + 64) & 127).astype(np.uint64) << np.uint64(12)) | units
    with np.errstate(over="ignore"):
        mixed = (np.uint64(state) ^ tokens) * np.uint64(_FNV_PRIME)
    result: np.ndarray = (mixed >> np.uint64(1)).astype(np.int64)
    return result


def ngram_hash(run: Sequence[int]) -> int:
    """Stable 64-bit FNV-1a style hash of a run of tokens, as a signed int64-safe value."""
    return hash_state(run) >> 1  # fits a signed 64-bit array


class NgramSet:
    """A sorted array of 8-gram hashes with fast membership (loads with no set building)."""

    def __init__(self, hashes: np.ndarray) -> None:
        array = np.asarray(hashes, dtype=np.int64)
        if len(array) > 1 and not bool((array[1:] > array[:-1]).all()):
            array = np.unique(array)  # the model file is already sorted and unique
        self.hashes = array

    def __len__(self) -> int:
        return len(self.hashes)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int) or not len(self.hashes):
            return False
        index = int(np.searchsorted(self.hashes, value))
        return index < len(self.hashes) and int(self.hashes[index]) == value

    def contains_many(self, values: Sequence[int] | np.ndarray) -> np.ndarray:
        """Boolean mask: which of `values` are in the set."""
        if not len(self.hashes):
            return np.zeros(len(values), dtype=bool)
        array = np.asarray(values, dtype=np.int64)
        index = np.minimum(np.searchsorted(self.hashes, array), len(self.hashes) - 1)
        found: np.ndarray = self.hashes[index] == array
        return found


EMPTY = NgramSet(np.zeros(0, dtype=np.int64))


def ngram_hashes(seq: Sequence[int], n: int = NGRAM) -> Iterable[int]:
    """Hashes of every run of `n` consecutive tokens."""
    for i in range(len(seq) - n + 1):
        yield ngram_hash(seq[i : i + n])


def copied_runs(seq: Sequence[int], banned: NgramSet | set[int] | frozenset[int]) -> list[int]:
    """Start indices (in token positions) of runs found in the banned set."""
    return [i for i in range(len(seq) - NGRAM + 1) if ngram_hash(seq[i : i + NGRAM]) in banned]
