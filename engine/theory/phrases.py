"""Phrase plans: how a melody's bars group into phrases, and which phrases cadence how.

A phrase is 4 bars, or 2 where the bar count needs it; odd bar counts cannot be
split into 2s and 4s, so they end with one 3-bar phrase (or are a single bar).
The plan depends on the bar count only, so tests and measures can recompute it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

AUTHENTIC = "authentic"  # ends on the tonic over the tonic chord (V -> I)
HALF = "half"  # ends on a dominant chord tone over V: the phrase asks, the next answers


@dataclass(frozen=True)
class Phrase:
    """A phrase: its first bar (0-based), its length in bars, and its cadence kind."""

    first_bar: int
    bars: int
    cadence: str

    @property
    def last_bar(self) -> int:
        return self.first_bar + self.bars - 1


def phrase_lengths(bars: int) -> list[int]:
    """Phrase lengths in bars: 4s, then a 2 (even remainder) or a 3 (odd remainder)."""
    if bars <= 4:
        return [bars]
    lengths: list[int] = []
    left = bars
    while left > 0:
        if left in (2, 3, 4):
            lengths.append(left)
            break
        if left == 5:  # 2 + 3 keeps every phrase at least 2 bars long
            lengths.extend([2, 3])
            break
        if left == 6:  # 4 + 2 reads better than 2 + 4
            lengths.extend([4, 2])
            break
        lengths.append(4)
        left -= 4
    return lengths


def phrase_plan(bars: int) -> list[Phrase]:
    """The phrases of a melody of `bars` bars.

    Phrases alternate question (half cadence) and answer (authentic cadence);
    the last phrase always closes on the tonic.
    """
    return list(_plan(bars))


@functools.cache
def _plan(bars: int) -> tuple[Phrase, ...]:
    phrases: list[Phrase] = []
    first = 0
    lengths = phrase_lengths(bars)
    for index, length in enumerate(lengths):
        last = index == len(lengths) - 1
        cadence = AUTHENTIC if last or index % 2 == 1 else HALF
        phrases.append(Phrase(first, length, cadence))
        first += length
    return tuple(phrases)


def phrase_of_bar(plan: list[Phrase], bar: int) -> Phrase:
    """The phrase that contains `bar` (0-based)."""
    for phrase in plan:
        if phrase.first_bar <= bar <= phrase.last_bar:
            return phrase
    raise IndexError(bar)
