"""Game items sound alike whatever their source: same accents, length, ending and register,
no giveaway title."""

from __future__ import annotations

import random

from bot.services.games.items import (
    DOWNBEAT_VELOCITY,
    MAX_ITEM_BARS,
    STRONG_VELOCITY,
    WEAK_VELOCITY,
    accent,
    as_game_item,
    cut_to_bars,
    knob_matched_params,
    matched_ai_params,
    split_sources,
)
from engine.compose.composer import compose
from engine.compose.contour import pitch_range
from engine.human.submission import read_submission
from engine.melody import Chord, Melody, Note
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS
from tests.support.midi_files import quarter_note_file


def test_accents_follow_the_meter():
    six_eight = METERS["6/8"]  # pulses every dotted quarter (1.5 beats)
    assert accent(six_eight, 0.0) == DOWNBEAT_VELOCITY
    assert accent(six_eight, 1.5) == STRONG_VELOCITY
    assert accent(six_eight, 0.5) == WEAK_VELOCITY
    assert accent(six_eight, 3.0) == DOWNBEAT_VELOCITY  # the next bar
    assert accent(METERS["4/4"], 2.0) == STRONG_VELOCITY


def test_a_human_tune_becomes_an_anonymous_accented_melody_only_item():
    params = MelodyParams(key="G", scale="major", time="3/4", bars=20, seed=0)
    notes = tuple(Note(67, beat * 1.0, 1.0, velocity=64) for beat in range(60))
    tune = Melody(
        params,
        notes,
        (Chord((55, 59, 62), 0, 3),),
        {"title": "The Kesh", "collection": "oneills1850"},
    )
    item = as_game_item(tune, label_seed=1234)
    assert item.provenance == {} and item.chords == () and not item.params.chords
    assert item.params.seed == 1234 and item.params.bars == MAX_ITEM_BARS
    assert len(item.notes) == MAX_ITEM_BARS * 3
    assert [n.velocity for n in item.notes[:3]] == [
        DOWNBEAT_VELOCITY,
        STRONG_VELOCITY,
        STRONG_VELOCITY,
    ]


def test_cutting_shortens_the_note_that_crosses_the_last_bar_line():
    melody = Melody(MelodyParams(bars=3), (Note(60, 0, 4), Note(62, 7, 3), Note(64, 10, 2)))
    cut = cut_to_bars(melody, 2)
    assert [(n.pitch, n.start, n.duration) for n in cut.notes] == [(60, 0, 4), (62, 7, 1)]
    assert cut.params.bars == 2


def test_ai_parameters_match_the_human_tune():
    human = MelodyParams(
        key="Bb",
        scale="dorian",
        time="6/8",
        bars=16,
        tempo=144,
        instrument="flute",
        mood="sad",
        seed=0,
    )
    ai = matched_ai_params(human, seed=99)
    assert (ai.key, ai.scale, ai.time, ai.bars, ai.tempo, ai.instrument) == (
        "Bb",
        "dorian",
        "6/8",
        16,
        144,
        "flute",
    )
    assert (ai.seed, ai.chords) == (99, False)


def test_sources_split_half_and_half_and_odd_counts_either_way():
    rng = random.Random(0)
    assert {split_sources(4, rng) for _ in range(20)} == {(2, 2)}
    assert {split_sources(5, rng) for _ in range(40)} == {(2, 3), (3, 2)}


def _submitted_file() -> bytes:
    """A member's 4/4 tune in D, high up, whose phrase closes in bar 8 and which then runs on
    for two bars and stops mid-phrase (on A)."""
    pitches = [86, 88, 90, 88] * 7 + [90, 88, 86, 86] + [88, 90, 91, 93] * 2
    return quarter_note_file("D", pitches)


def test_a_submitted_melody_ends_and_sits_like_its_matched_ai_item():
    human = as_game_item(read_submission(_submitted_file()), label_seed=5)
    ai = as_game_item(compose(matched_ai_params(human.params, seed=5)), label_seed=5)
    assert human.params.bars == ai.params.bars == 8
    h_last, a_last = human.notes[-1], ai.notes[-1]
    assert h_last.pitch % 12 == a_last.pitch % 12 == KEYS["D"]  # both close on the tonic
    assert (h_last.start, h_last.duration) == (a_last.start, a_last.duration) == (30, 2)
    assert h_last.velocity == a_last.velocity == STRONG_VELOCITY
    low, high = pitch_range(human.params)
    mean = sum(n.pitch for n in human.notes) / len(human.notes)
    assert abs(mean - (low + high) / 2) <= 6  # an octave lower than written: no register cue


def test_knob_matching_brings_the_ai_measures_to_the_human_tunes():
    # Over pool tunes: the matched AI melody's note density and motif recurrence sit much
    # closer to its human tune's than the unmatched composer's (study: "similar complexities").
    from bot.services.games.items import knob_measures
    from engine.human.pool import load_human_pool

    tunes = load_human_pool()[:24]
    gaps: dict[str, list[float]] = {"matched": [], "unmatched": []}
    recurrence: dict[str, list[float]] = {"matched": [], "unmatched": []}
    for index, tune in enumerate(tunes):
        human = knob_measures(tune)
        matched = knob_matched_params(tune, seed=index)
        for kind, params in (
            ("matched", matched),
            ("unmatched", matched_ai_params(tune.params, seed=index)),
        ):
            ai = knob_measures(compose(params))
            gaps[kind].append(abs(ai["note_density"] - human["note_density"]))
            recurrence[kind].append(abs(ai["repetition"] - human["repetition"]))
        if index < 3:  # the same tune and seed give the same item
            assert knob_matched_params(tune, seed=index) == matched
    mean = {kind: sum(values) / len(values) for kind, values in gaps.items()}
    assert mean["matched"] <= 0.15, mean  # notes per beat
    assert mean["matched"] < 0.6 * mean["unmatched"], mean
    assert sum(recurrence["matched"]) < sum(recurrence["unmatched"]), recurrence


def test_the_item_is_the_draft_the_critic_prefers_and_composes_again_from_its_seed():
    # A study pretests its stimuli: of the drafts at the matched settings, the stored
    # parameters are the winner's, so composing them gives exactly the posted melody.
    from bot.services.games.items import DRAFTS, match_knobs
    from engine.compose.drafts import MATCH_PENALTY, draft_seeds, knob_measures, measure_distance
    from engine.human.pool import load_human_pool
    from engine.model.melody_model import load_model

    critic = load_model().critic
    assert critic is not None  # the shipped model file carries the critic
    tune = load_human_pool()[5]
    knobs = match_knobs(tune, matched_ai_params(tune.params, seed=11))
    chosen = knob_matched_params(tune, seed=11)
    assert chosen == knobs.replace(seed=chosen.seed)  # only the seed moves
    assert chosen.drafts == 1  # so its parameters give back exactly this draft
    seeds = draft_seeds(knobs.seed, DRAFTS)
    assert chosen.seed in seeds and len(set(seeds)) == DRAFTS
    goal = knob_measures(tune)
    scores = {
        seed: critic.score(m) - MATCH_PENALTY * measure_distance(knob_measures(m), goal)
        for seed in seeds
        for m in [compose(knobs.replace(seed=seed))]
    }
    assert scores[chosen.seed] == max(scores.values())
