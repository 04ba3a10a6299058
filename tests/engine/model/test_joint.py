"""The joint note model: tokens, the shipped model's predictions, and the melody memory."""

from __future__ import annotations

import numpy as np
import pytest

from engine.model.joint import (
    CADENCE,
    DURATIONS,
    FINAL,
    INNER,
    OPENING,
    STEP_LIMIT,
    STEP_SYMBOLS,
    TOKENS,
    coarse_condition,
    context_tokens,
    duration_symbol,
    fine_condition,
    phrase_part,
    step_of,
    token_of,
)
from engine.model.joint_memory import TokenMemory
from engine.model.melody_model import load_model


def test_tokens_hold_a_step_and_a_duration() -> None:
    for step in range(-STEP_LIMIT, STEP_LIMIT + 1):
        for symbol in range(len(DURATIONS)):
            token = token_of(step, symbol)
            assert 0 <= token < TOKENS
            assert step_of(token) == step
            assert token % len(DURATIONS) == symbol
    assert DURATIONS[duration_symbol(0.5)] == 0.5
    assert DURATIONS[duration_symbol(0.55)] == 0.5, "a near value takes the nearest class"
    assert DURATIONS[duration_symbol(1 / 3)] == pytest.approx(1 / 3)
    # A leap wider than an octave breaks the context: only the notes after it count.
    assert context_tokens([1, 9, -1], [0.5, 0.5, 0.5]) == (token_of(-1, duration_symbol(0.5)),)


def test_phrase_parts_of_an_eight_bar_melody() -> None:
    parts = [phrase_part(bar, 8, 4 * (bar // 4), 4 * (bar // 4) + 3) for bar in range(8)]
    assert parts == [OPENING, INNER, INNER, CADENCE, OPENING, INNER, INNER, FINAL]


@pytest.fixture(scope="module")
def joint():
    model = load_model().joint
    assert model is not None, "the shipped model file carries the joint model (make train)"
    return model


def grid(distribution: np.ndarray) -> np.ndarray:
    return distribution.reshape(STEP_SYMBOLS, len(DURATIONS))


def test_predictions_are_distributions_that_learned_folk_tunes(joint) -> None:
    eighth = token_of(1, duration_symbol(0.5))
    after = joint.predict(
        (eighth, eighth), coarse_condition("4/4", 12), fine_condition("4/4", 12, INNER, 0, 2)
    )
    assert after.sum() == pytest.approx(1.0)
    assert (after > 0).all(), "every token keeps some probability"
    moves = grid(after).sum(axis=1)
    steps = moves[STEP_LIMIT - 1 : STEP_LIMIT + 2].sum()
    assert steps > 0.5, "after a run of eighths, tunes mostly move by step or repeat"
    durations = grid(after).sum(axis=0)
    assert DURATIONS[int(durations.argmax())] == 0.5, "and keep running in eighths"


def test_the_cadence_bar_is_learned(joint) -> None:
    # On the downbeat of a tune's last bar, after the second degree, tunes close on the
    # tonic more than they do in the middle of a phrase.
    step = token_of(-1, duration_symbol(0.5))
    inner = joint.predict(
        (step,), coarse_condition("4/4", 0), fine_condition("4/4", 0, INNER, 0, 1)
    )
    final = joint.predict(
        (step,), coarse_condition("4/4", 0), fine_condition("4/4", 0, FINAL, 0, 1)
    )
    to_tonic = STEP_LIMIT - 1  # one step down from the second degree
    assert grid(final)[to_tonic].sum() > grid(inner)[to_tonic].sum()
    # On beat 3 of the last bar a tune's final note is held; mid-phrase it runs on.
    inner = joint.predict(
        (step,), coarse_condition("4/4", 24), fine_condition("4/4", 24, INNER, 0, 1)
    )
    final = joint.predict(
        (step,), coarse_condition("4/4", 24), fine_condition("4/4", 24, FINAL, 0, 1)
    )
    long_notes = [i for i, d in enumerate(DURATIONS) if d >= 2]
    assert grid(final)[:, long_notes].sum() > 2 * grid(inner)[:, long_notes].sum()


def test_memory_makes_a_melody_restate_its_own_figures() -> None:
    long_term = np.full(TOKENS, 1 / TOKENS)
    memory = TokenMemory()
    figure = [token_of(1, 2), token_of(1, 2), token_of(-2, 2)]
    memory.learn((figure[0], figure[1]), figure[2])
    mixed = memory.mix((figure[0], figure[1]), long_term)
    assert mixed.sum() == pytest.approx(1.0)
    assert mixed[figure[2]] > 30 * long_term[figure[2]]
    assert np.array_equal(memory.mix((token_of(3, 5),), long_term), long_term)
