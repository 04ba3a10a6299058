"""Structure and masks of the joint note walk: learned phrase forms, bar filling, and the
hard constraints over many seeds."""

from __future__ import annotations

import itertools
import random
import statistics

import pytest

from engine.compose.composer import compose, learned_forms
from engine.compose.motifs import phrase_form, restated_phrases
from engine.compose.note_walk import allowed_durations, fillable
from engine.model.joint import DURATION_UNITS, DURATIONS, GRID
from engine.model.melody_model import load_model
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from tests.engine.compose.test_compose import check_hard_constraints


def test_phrase_forms_are_learned_from_the_tunes() -> None:
    forms = learned_forms(load_model())
    assert forms is not None, "the model file carries the phrase forms (make train)"
    assert {"AA", "AB"} <= set(forms["2"])
    assert sum(forms["4"].values()) > 1000, "counted over the training tunes"
    assert "AABB" in forms["4"] and "AABC" in forms["4"]


def test_repetition_selects_forms_that_restate_more() -> None:
    forms = learned_forms(load_model())
    means = []
    for repetition in (0, 25, 50, 75, 100):
        rng = random.Random(repetition)
        drawn = [phrase_form(4, rng, repetition, forms) for _ in range(400)]
        means.append(statistics.fmean(restated_phrases(f) for f in drawn))
    assert means == sorted(means) and means[-1] > means[0] + 0.5, means


@pytest.mark.parametrize("room", range(0, 49))
def test_a_duration_never_leaves_a_gap_no_note_can_fill(room: int) -> None:
    allowed = allowed_durations(room, None)
    for units, ok in zip(DURATION_UNITS, allowed, strict=True):
        if ok:
            assert units <= room and fillable(room - units)
    if room and fillable(room):
        assert allowed.any(), "a fillable room always has a note value that fits"


def test_a_given_rhythm_allows_its_own_duration_only() -> None:
    allowed = allowed_durations(round(1.5 * GRID), 2 / 3)
    assert [d for d, ok in zip(DURATIONS, allowed, strict=True) if ok] == [2 / 3]


@pytest.mark.parametrize("time", list(METERS))
def test_hard_constraints_over_many_seeds(time: str) -> None:
    for seed in range(40):
        check_hard_constraints(compose(MelodyParams(time=time, bars=8, seed=5000 + seed)))


@pytest.mark.parametrize("mood", ["dramatic", "energetic", "epic", "happy"])
def test_moods_are_tunes_not_arpeggios(mood: str) -> None:
    from engine.theory.moods import MOODS

    leaps = steps = 0
    for seed in range(15):
        melody = compose(MelodyParams(bars=8, seed=seed, mood=mood).replace(**MOODS[mood]))
        pitches = [n.pitch for n in melody.notes]
        moves = [abs(b - a) for a, b in itertools.pairwise(pitches)]
        leaps += sum(1 for m in moves if m >= 5)
        steps += sum(1 for m in moves if 1 <= m <= 2)
        assert max(pitches) - min(pitches) <= 24
    # (Folk tunes: about 0.3 leaps of a fourth or more per step; the defaults about the same.)
    assert leaps < 0.65 * steps, f"{mood}: {leaps} leaps against {steps} steps"
