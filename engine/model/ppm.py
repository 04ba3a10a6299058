"""Prediction by Partial Match (PPM) over small integer alphabets, as in IDyOM.

A model counts which symbol followed each context (the previous 0..`order`
symbols, under an optional condition such as the mode or the beat). To
predict, it blends all orders from 0 up to the longest context it has seen,
with interpolated smoothing (Pearce 2005, ch. 6):

    P(s | ctx_n) = c(s) / (T + e) + e / (T + e) * P(s | ctx_{n-1})

where T is the number of observations of ctx_n and e the escape count: the
number of distinct symbols seen after it (method C) or the number seen once,
plus one (method X). Below order 0 the distribution is uniform. Predictions
of several models are combined by a (weighted) geometric mean.

`Counts` is the trainable store (dicts; also the short-term model that learns
as a piece goes); `Frozen` the same counts as sorted numpy arrays, which load
in milliseconds from the shipped model file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

# Settings chosen by bench/model_quality.py (10-fold cross-validation on Essen kinder0):
# escape method X and an unweighted geometric mean (bias 0) predicted best.
ESCAPE = "X"
COMBINE_BIAS = 0.0


def base_for(alphabet: int) -> int:
    """Digit base for context codes: a power of two above every symbol (and the condition)."""
    base = 2
    while base <= alphabet:
        base *= 2
    return base


def context_code(condition: int, context: Sequence[int], base: int) -> int:
    """A unique integer for (condition, context): leading digit condition+1, then the symbols."""
    code = condition + 1
    for symbol in context:
        code = code * base + symbol
    return code


@dataclass
class Counts:
    """Trainable PPM counts: context code -> {symbol: count}."""

    alphabet: int
    order: int
    update_exclusion: bool = False
    table: dict[int, dict[int, int]] = field(default_factory=dict)

    @property
    def base(self) -> int:
        return base_for(self.alphabet)

    def add(self, history: Sequence[int], symbol: int, condition: int = 0) -> None:
        """Count `symbol` after the suffixes (orders 0..order) of `history`.

        With update exclusion, counting stops below the longest context that had
        already seen the symbol (lower orders then only learn novel symbols).
        """
        base = self.base
        depth = min(self.order, len(history))
        for n in range(depth, -1, -1):
            code = context_code(condition, history[len(history) - n :], base)
            row = self.table.setdefault(code, {})
            seen = symbol in row
            row[symbol] = row.get(symbol, 0) + 1
            if seen and self.update_exclusion:
                break

    def add_sequence(
        self,
        symbols: Sequence[int],
        conditions: Sequence[int] | None = None,
    ) -> None:
        """Train on a whole sequence; `None` symbols break the context (e.g. a first note)."""
        history: list[int] = []
        for index, symbol in enumerate(symbols):
            if symbol is None:
                history = []
                continue
            self.add(history, symbol, conditions[index] if conditions else 0)
            history.append(symbol)

    def row(self, code: int) -> tuple[np.ndarray, np.ndarray] | None:
        found = self.table.get(code)
        if found is None:
            return None
        return np.fromiter(found.keys(), np.int64), np.fromiter(found.values(), np.float64)

    def freeze(self) -> Frozen:
        """The same counts as sorted arrays (for the shipped file)."""
        base = self.base
        keys = np.array(
            sorted(code * base + s for code, row in self.table.items() for s in row), dtype=np.int64
        )
        counts = np.array([self.table[int(k) // base][int(k) % base] for k in keys], dtype=np.int32)
        return Frozen(self.alphabet, self.order, keys, counts)


@dataclass
class Frozen:
    """Read-only PPM counts as sorted (context code * base + symbol) keys and their counts."""

    alphabet: int
    order: int
    keys: np.ndarray
    counts: np.ndarray

    @property
    def base(self) -> int:
        return base_for(self.alphabet)

    def __post_init__(self) -> None:
        self._weights = self.counts.astype(np.float64)  # converted once, not per lookup

    def row(self, code: int) -> tuple[np.ndarray, np.ndarray] | None:
        base = self.base
        lo, hi = self.keys.searchsorted((code * base, code * base + base))
        if lo == hi:
            return None
        return self.keys[lo:hi] - code * base, self._weights[lo:hi]

    def to_arrays(self, name: str) -> dict[str, np.ndarray]:
        return {
            f"{name}.keys": self.keys,
            f"{name}.counts": self.counts,
            f"{name}.shape": np.array([self.alphabet, self.order], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, name: str, arrays: Mapping[str, np.ndarray]) -> Frozen:
        alphabet, order = (int(v) for v in arrays[f"{name}.shape"])
        return cls(alphabet, order, arrays[f"{name}.keys"], arrays[f"{name}.counts"])


def predict(
    store: Counts | Frozen,
    history: Sequence[int],
    condition: int = 0,
    order: int | None = None,
    escape: str = ESCAPE,
) -> np.ndarray:
    """Blended distribution over the whole alphabet for the symbol after `history`.

    `escape` is "C" (escape count = number of distinct symbols) or "X" (number of
    symbols seen once, plus one), Pearce's two best methods.
    """
    alphabet = store.alphabet
    bound = store.order if order is None else min(order, store.order)
    base = store.base
    probabilities = np.full(alphabet, 1.0 / alphabet)
    depth = min(bound, len(history))
    for n in range(depth + 1):
        row = store.row(context_code(condition, history[len(history) - n :], base))
        if row is None:
            break  # a longer context containing this one cannot have been seen either
        symbols, counts = row
        total = counts.sum()
        novel = len(counts) if escape == "C" else int((counts == 1).sum()) + 1
        blended = probabilities * (novel / (total + novel))
        blended[symbols] += counts / (total + novel)
        probabilities = blended
    return probabilities


def combine(distributions: Sequence[np.ndarray], bias: float = COMBINE_BIAS) -> np.ndarray:
    """IDyOM's weighted geometric mean: lower-entropy (surer) predictions weigh more.

    Each distribution is over the same domain and sums to 1; weight =
    (H / H_max) ** -bias, with H_max = log2 of the domain size (bias 0: equal weights).
    """
    if len(distributions) == 1:
        return distributions[0]
    stack = np.vstack(distributions)
    logs = np.log(np.maximum(stack, 1e-300))
    if bias:
        h_max = np.log2(stack.shape[1]) if stack.shape[1] > 1 else 1.0
        entropies = -(stack * logs).sum(axis=1) / np.log(2)
        weights = np.maximum(entropies / h_max, 1e-3) ** -bias
    else:
        weights = np.ones(len(stack))
    mixed = weights @ logs / weights.sum()
    mixed = np.exp(mixed - mixed.max())
    result: np.ndarray = mixed / mixed.sum()
    return result


class CachedPredictor:
    """`predict` for a fixed store, memoised per (context, condition).

    Uses the recursion P(. | ctx_n) = blend(counts of ctx_n, P(. | ctx_{n-1})),
    so the shorter contexts a new prediction needs are usually cached already.
    Equivalent to `predict` because every suffix of a seen context was seen.
    """

    def __init__(self, store: Counts | Frozen, escape: str = ESCAPE, maxsize: int = 50_000) -> None:
        self.store = store
        self.escape = escape
        self._uniform = np.full(store.alphabet, 1.0 / store.alphabet)
        self._cached = functools.lru_cache(maxsize)(self._predict)

    def __call__(self, context: tuple[int, ...], condition: int = 0) -> np.ndarray:
        """Blended distribution after `context` (at most `store.order` symbols are used)."""
        return self._cached(
            context[len(context) - self.store.order :] if context else (), condition
        )

    def _predict(self, context: tuple[int, ...], condition: int) -> np.ndarray:
        lower = self._cached(context[1:], condition) if context else self._uniform
        row = self.store.row(context_code(condition, context, self.store.base))
        if row is None:
            return lower
        symbols, counts = row
        total = counts.sum()
        novel = len(counts) if self.escape == "C" else int((counts == 1).sum()) + 1
        blended = lower * (novel / (total + novel))
        blended[symbols] += counts / (total + novel)
        result: np.ndarray = blended
        return result
