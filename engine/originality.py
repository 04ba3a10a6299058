"""Originality tokens: a melody as (interval, duration) tokens, and hashed 8-grams of them.

No generated melody may repeat a run of `NGRAM` consecutive tokens of any
training tune. The training tunes' 8-grams ship as a set of 64-bit hashes
inside the model file; a hash is stable across runs and machines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def ngram_hash(run: Sequence[int]) -> int:
    """Stable 64-bit FNV-1a style hash of a run of tokens, as a signed int64-safe value."""
    value = _FNV_OFFSET
    for t in run:
        value = ((value ^ t) * _FNV_PRIME) & _MASK
    return value >> 1  # fits a signed 64-bit array


def ngram_hashes(seq: Sequence[int], n: int = NGRAM) -> Iterable[int]:
    """Hashes of every run of `n` consecutive tokens."""
    for i in range(len(seq) - n + 1):
        yield ngram_hash(seq[i:i + n])


def copied_runs(seq: Sequence[int], banned: set[int] | frozenset[int]) -> list[int]:
    """Start indices (in token positions) of runs found in the banned set."""
    return [i for i in range(len(seq) - NGRAM + 1) if ngram_hash(seq[i:i + NGRAM]) in banned]
