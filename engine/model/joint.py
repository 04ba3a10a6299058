"""The joint note model: pitch and rhythm predicted together, one note token at a time.

A note token is (scale-step interval from the previous note, duration class): 15
step sizes (an octave down to an octave up, in steps of the seven-note scale) x 10
durations. A variable-order PPM model (escape C, full counts) predicts the next
token given the previous ones and a condition:

- coarse condition: the meter and the note's onset position in the bar (in twelfths
  of a beat), learned from every tune;
- fine condition: the coarse one plus the part of the phrase (opening bar, inner
  bar, cadence bar, final bar), the mode family and the scale degree of the previous
  note, so where the melody is in the key shapes where it goes next.

The fine model backs off to the coarse one (the coarse prediction at the full
context is its order -1), the coarse one to the tokens' overall frequencies.
Durations are inter-onset times, so a tune's rests count into the note before them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np

from engine.model.ppm import Frozen, context_code

DURATIONS = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)  # beats
GRID = 12  # positions per beat: sixteenths and triplet eighths both fall on it
DURATION_UNITS = tuple(round(d * GRID) for d in DURATIONS)
STEP_LIMIT = 7  # scale steps either way (an octave); wider moves are not modelled
STEP_SYMBOLS = 2 * STEP_LIMIT + 1
TOKENS = STEP_SYMBOLS * len(DURATIONS)
POSITIONS = 48  # onset positions in a bar of up to 4 beats, in twelfths of a beat
METER_INDEX = {"4/4": 0, "3/4": 1, "2/4": 2, "6/8": 3}
OPENING, INNER, CADENCE, FINAL = range(4)  # parts of a phrase, by bar
PARTS = 4
DEGREES = 7
COARSE_ORDER = 3
FINE_ORDER = 2
ESCAPE_SMOOTHING = 1.0  # pseudo-count of each token in the overall frequencies


def token_of(step: int, duration_symbol: int) -> int:
    """Token number of a scale-step move (-7..7) and a duration symbol (index in DURATIONS)."""
    return (step + STEP_LIMIT) * len(DURATIONS) + duration_symbol


def step_of(token: int) -> int:
    """Scale steps of a token's move."""
    return token // len(DURATIONS) - STEP_LIMIT


@functools.lru_cache(maxsize=1024)
def duration_symbol(beats: float) -> int:
    """Nearest duration class (on a log scale) of a duration in beats."""
    logs = [abs(math.log(max(beats, 1e-3) / d)) for d in DURATIONS]
    return logs.index(min(logs))


def phrase_part(bar: int, bars: int, phrase_first: int, phrase_last: int) -> int:
    """Which part of its phrase a bar is (0-based bars): OPENING, INNER, CADENCE or FINAL."""
    if bar == bars - 1:
        return FINAL
    if bar == phrase_last:
        return CADENCE
    return OPENING if bar == phrase_first else INNER


def coarse_condition(meter: str, position: int) -> int:
    """Condition of the coarse model: meter and onset position (twelfths of a beat)."""
    return METER_INDEX[meter] * POSITIONS + min(position, POSITIONS - 1)


def fine_condition(meter: str, position: int, part: int, family: int, degree: int) -> int:
    """Condition of the fine model: coarse condition, phrase part, mode family, previous
    note's scale degree (0-6)."""
    return ((coarse_condition(meter, position) * PARTS + part) * 2 + family) * DEGREES + degree


class JointModel:
    """The trained joint model: next-token distributions, memoised per context."""

    def __init__(self, coarse: Frozen, fine: Frozen, overall: np.ndarray) -> None:
        self.coarse = coarse
        self.fine = fine
        self.overall_counts = overall
        smoothed = overall.astype(np.float64) + ESCAPE_SMOOTHING
        self._overall = smoothed / smoothed.sum()
        self._coarse = functools.lru_cache(maxsize=20_000)(self._coarse_predict)
        self.predict = functools.lru_cache(maxsize=20_000)(self._fine_predict)

    def _blend(self, store: Frozen, code: int, lower: np.ndarray) -> np.ndarray:
        row = store.row(code)
        if row is None:
            return lower
        symbols, counts = row
        total = counts.sum()
        novel = len(counts)  # escape method C
        blended: np.ndarray = lower * (novel / (total + novel))
        blended[symbols] += counts / (total + novel)
        return blended

    def _coarse_predict(self, context: tuple[int, ...], condition: int) -> np.ndarray:
        lower = self._coarse(context[1:], condition) if context else self._overall
        return self._blend(self.coarse, context_code(condition, context, self.coarse.base), lower)

    def _fine_predict(self, context: tuple[int, ...], coarse: int, fine: int) -> np.ndarray:
        """Distribution over TOKENS after `context` (the last COARSE_ORDER tokens at most)."""
        context = context[len(context) - COARSE_ORDER :] if context else ()
        probabilities = self._coarse(context, coarse)
        short = context[len(context) - FINE_ORDER :] if context else ()
        for n in range(len(short) + 1):
            code = context_code(fine, short[len(short) - n :], self.fine.base)
            blended = self._blend(self.fine, code, probabilities)
            if blended is probabilities:
                break  # a longer context containing this one cannot have been seen either
            probabilities = blended
        return probabilities

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            **self.coarse.to_arrays("joint_coarse"),
            **self.fine.to_arrays("joint_fine"),
            "joint_overall": np.asarray(self.overall_counts, dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> JointModel | None:
        """The joint model of a loaded model file (None when the file has none)."""
        if "joint_coarse.keys" not in arrays:
            return None
        return cls(
            Frozen.from_arrays("joint_coarse", arrays),
            Frozen.from_arrays("joint_fine", arrays),
            arrays["joint_overall"],
        )


def context_tokens(steps: Sequence[int], durations: Sequence[float]) -> tuple[int, ...]:
    """Tokens of the last notes (scale steps from each note's predecessor, durations in
    beats), at most COARSE_ORDER; moves wider than an octave break the context."""
    found: list[int] = []
    for step, beats in zip(reversed(steps), reversed(durations), strict=True):
        if abs(step) > STEP_LIMIT or len(found) == COARSE_ORDER:
            break
        found.append(token_of(step, duration_symbol(beats)))
    return tuple(reversed(found))
