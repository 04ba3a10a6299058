"""`drafts:N`: the critic's pick of N drafts at the same settings, reproducible, and its
variations vary the chosen draft."""

from __future__ import annotations

from engine.compose.composer import compose, compose_draft
from engine.compose.drafts import (
    KNOB_TOLERANCE_SCALE,
    choose,
    draft_seeds,
    knob_measures,
    middle,
)
from engine.model.melody_model import load_model
from engine.params.melody import MelodyParams, resolve
from engine.theory.meters import METERS


def test_draft_seeds_start_with_the_seed_and_are_distinct_and_reproducible() -> None:
    seeds = draft_seeds(7, 8)
    assert seeds[0] == 7 and len(set(seeds)) == 8 and draft_seeds(7, 8) == seeds
    assert draft_seeds(7, 3) == seeds[:3]  # asking for fewer drafts keeps the same first ones


def test_one_draft_is_the_walk_itself() -> None:
    params = MelodyParams(bars=8, seed=3)
    assert params.drafts == 1  # the table's default: /melody stays one fast draft
    assert compose(params).notes == compose_draft(params).notes


def test_four_drafts_give_the_critics_pick_among_drafts_near_their_middle() -> None:
    critic = load_model().critic
    assert critic is not None
    params = resolve({"bars": "8", "seed": "22", "drafts": "4"})
    melody = compose(params)
    assert melody.params == params  # the user's parameters and seed are reported
    assert "best of 4 drafts" in params.summary()
    drafts = [compose_draft(params.replace(seed=s, drafts=1)) for s in draft_seeds(22, 4)]
    found = [knob_measures(d) for d in drafts]
    index = [d.notes for d in drafts].index(melody.notes)
    assert index != 0  # with this seed the critic passes over the first draft: it chose
    scores = [critic.score(d) for d in drafts]
    assert index == choose(scores, found, middle(found), KNOB_TOLERANCE_SCALE)
    assert compose(params).notes == melody.notes  # the same seed gives the same pick


def test_a_variation_of_four_drafts_varies_the_chosen_one() -> None:
    params = MelodyParams(bars=8, seed=21, drafts=4)
    original, varied = compose(params), compose(params, variation=1)
    bar = METERS[params.time].bar_beats
    assert [n for n in varied.notes if n.start < bar] == [
        n for n in original.notes if n.start < bar
    ]  # the opening motif of the chosen draft is kept
    assert varied.notes != original.notes
