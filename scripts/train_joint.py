"""Training of the joint note model and of the phrase forms (used by scripts/train_model.py).

`train_joint(tunes)` counts (scale step, duration) tokens of every tune in a supported
meter and seven-note mode (engine.model.joint); `learn_forms(tunes)` reads which
4-bar phrases of each tune restate an earlier one (the same rhythm and scale steps in
their first two bars or more, at any transposition) and counts the resulting phrase
forms (AABA, ABAC, ...) for 2, 3 and 4 phrases. Development only.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np

from engine.model.joint import (
    COARSE_ORDER,
    FINE_ORDER,
    GRID,
    INNER,
    STEP_LIMIT,
    TOKENS,
    JointModel,
    coarse_condition,
    duration_symbol,
    fine_condition,
    phrase_part,
    token_of,
)
from engine.model.ppm import Counts
from engine.model.viewpoints import family_of_mode
from engine.theory.meters import METERS
from engine.theory.scales import KEYS, SCALES
from scripts.corpus import Tune

PHRASE_BARS = 4
FORM_PHRASES = (2, 3, 4)


def ladder_index(pitch: int, tonic: int, steps: tuple[int, ...]) -> int:
    """Index of a pitch on the ladder of the mode's pitches (a chromatic note: the one below)."""
    octave, pitch_class = divmod(pitch - tonic, 12)
    return octave * len(steps) + sum(1 for s in steps if s <= pitch_class) - 1


def usable(tune: Tune) -> bool:
    """A tune in a meter and seven-note mode the bot supports, in a known key."""
    return tune.supported and len(SCALES[tune.scale]) == 7 and tune.key in KEYS


def bar_count(tune: Tune) -> int:
    """Bars after the pickup, a final partial bar included."""
    end = max(s + d for _, s, d in tune.notes)
    return math.ceil((end - tune.pickup) / METERS[tune.meter].bar_beats - 1e-6)


def note_rows(tune: Tune) -> list[tuple[int | None, int, int]]:
    """(token, coarse condition, fine condition) per note; None breaks the context (an
    onset off the grid or a move wider than an octave). The first note moves from the
    tonic nearest it (the model learns which degree tunes start on)."""
    meter, bar_beats = tune.meter, METERS[tune.meter].bar_beats
    tonic, steps = KEYS[tune.key], SCALES[tune.scale]
    family = family_of_mode(tune.scale)
    bars = bar_count(tune)
    rows: list[tuple[int | None, int, int]] = []
    previous: int | None = None
    for i, (pitch, start, duration) in enumerate(tune.notes):
        following = tune.notes[i + 1][1] if i + 1 < len(tune.notes) else start + duration
        index = ladder_index(pitch, tonic, steps)
        if previous is None:
            previous = round(index / len(steps)) * len(steps)
        relative = start - tune.pickup
        bar = math.floor(relative / bar_beats + 1e-6)
        position = (relative - bar * bar_beats) * GRID
        step = index - previous
        previous = index
        if abs(position - round(position)) > 1e-3 or abs(step) > STEP_LIMIT:
            rows.append((None, 0, 0))
            continue
        first = (bar // PHRASE_BARS) * PHRASE_BARS
        part = INNER if bar < 0 else phrase_part(bar, bars, first, first + PHRASE_BARS - 1)
        degree = (index - step) % len(steps)
        at = round(position)
        rows.append(
            (
                token_of(step, duration_symbol(following - start)),
                coarse_condition(meter, at),
                fine_condition(meter, at, part, family, degree),
            )
        )
    return rows


def train_joint(tunes: list[Tune]) -> JointModel:
    """The joint model counted from the usable tunes (full counts at every order)."""
    coarse = Counts(TOKENS, COARSE_ORDER)
    fine = Counts(TOKENS, FINE_ORDER)
    overall = np.zeros(TOKENS, dtype=np.int64)
    for tune in filter(usable, tunes):
        history: list[int] = []
        for token, coarse_cond, fine_cond in note_rows(tune):
            if token is None:
                history = []
                continue
            coarse.add(history[-COARSE_ORDER:], token, coarse_cond)
            fine.add(history[-FINE_ORDER:], token, fine_cond)
            overall[token] += 1
            history.append(token)
    return JointModel(coarse.freeze(), fine.freeze(), overall)


def bar_shapes(tune: Tune) -> list[tuple[object, ...]]:
    """Per bar after the pickup: its rhythm and scale steps inside it (transposable)."""
    bar_beats = METERS[tune.meter].bar_beats
    tonic, steps = KEYS[tune.key], SCALES[tune.scale]
    bars: dict[int, list[tuple[int, float, float]]] = {}
    for pitch, start, duration in tune.notes:
        relative = start - tune.pickup
        if relative < -1e-6:
            continue
        bar = math.floor(relative / bar_beats + 1e-6)
        bars.setdefault(bar, []).append((pitch, relative - bar * bar_beats, duration))
    shapes: list[tuple[object, ...]] = []
    for bar in range(max(bars, default=-1) + 1):
        notes = bars.get(bar, [])
        ladder = [ladder_index(p, tonic, steps) for p, _, _ in notes]
        rhythm = tuple((round(s, 3), round(d, 3)) for _, s, d in notes)
        shapes.append((rhythm, tuple(b - a for a, b in itertools.pairwise(ladder))))
    return shapes


def form_of(shapes: list[tuple[object, ...]], phrases: int) -> str:
    """Letters of the first `phrases` 4-bar phrases: a phrase whose first two bars or more
    repeat an earlier phrase's (rhythm and scale steps) takes its letter."""
    letters = ""
    for index in range(phrases):
        own = shapes[index * PHRASE_BARS : index * PHRASE_BARS + 2]
        match = next(
            (
                letters[k]
                for k in range(index)
                if shapes[k * PHRASE_BARS : k * PHRASE_BARS + 2] == own
            ),
            None,
        )
        letters += match or "ABCD"[len(set(letters))]
    return letters


def learn_forms(tunes: list[Tune]) -> dict[str, dict[str, int]]:
    """Counts of phrase forms by number of phrases ("2", "3", "4") over the usable tunes."""
    forms: dict[str, Counter[str]] = {str(n): Counter() for n in FORM_PHRASES}
    for tune in filter(usable, tunes):
        shapes = bar_shapes(tune)
        for phrases in FORM_PHRASES:
            if len(shapes) >= phrases * PHRASE_BARS:
                forms[str(phrases)][form_of(shapes, phrases)] += 1
    return {n: dict(counter.most_common()) for n, counter in forms.items()}
