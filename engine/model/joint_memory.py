"""The melody's own memory of note tokens: a short-term model learned as it is composed.

Tunes restate their figures: a run of notes heard once comes back, often within the
bar or the next. The long-term joint model (engine.model.joint) sees only three notes
back, so this memory counts which token followed each of the melody's own one- and
two-token contexts (PPM with escape C over the long-term prediction) and is mixed into
the long-term distribution at a fixed share, as IDyOM mixes its short-term model.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from engine.model.joint import TOKENS

MEMORY_ORDER = 2  # tokens of context the memory tells apart
MEMORY_WEIGHT = 0.35  # share of the memory's prediction in the mixture


class TokenMemory:
    """Counts of the melody's own tokens after its own contexts."""

    def __init__(self) -> None:
        self.counts: dict[tuple[int, ...], Counter[int]] = {}
        self.learned = 0  # notes of the melody seen so far

    def learn(self, context: tuple[int, ...], token: int) -> None:
        """Count `token` after each suffix (1..MEMORY_ORDER tokens) of `context`."""
        for n in range(1, min(MEMORY_ORDER, len(context)) + 1):
            self.counts.setdefault(context[len(context) - n :], Counter())[token] += 1

    def mix(self, context: tuple[int, ...], long_term: np.ndarray) -> np.ndarray:
        """The long-term distribution with the memory's prediction mixed in."""
        memory = long_term
        seen = False
        for n in range(1, min(MEMORY_ORDER, len(context)) + 1):
            row = self.counts.get(context[len(context) - n :])
            if row is None:
                break
            total = sum(row.values())
            blended = memory * (len(row) / (total + len(row)))
            symbols = np.fromiter(row.keys(), dtype=np.int64)
            blended[symbols] += np.fromiter(row.values(), dtype=np.float64) / (total + len(row))
            memory, seen = blended, True
        if not seen:
            return long_term
        result: np.ndarray = (1 - MEMORY_WEIGHT) * long_term + MEMORY_WEIGHT * memory
        return result


__all__ = ["MEMORY_ORDER", "MEMORY_WEIGHT", "TOKENS", "TokenMemory"]
