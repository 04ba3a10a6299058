"""Game items sound alike whatever their source: same accents, length, no giveaway title."""

from __future__ import annotations

import random

from bot.services.game_items import (
    DOWNBEAT_VELOCITY,
    MAX_ITEM_BARS,
    STRONG_VELOCITY,
    WEAK_VELOCITY,
    accent,
    as_game_item,
    cut_to_bars,
    matched_ai_params,
    split_sources,
)
from engine.melody import Chord, Melody, Note
from engine.params import MelodyParams
from engine.theory import METERS


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
    tune = Melody(params, notes, (Chord((55, 59, 62), 0, 3),),
                  {"title": "The Kesh", "collection": "oneills1850"})
    item = as_game_item(tune, label_seed=1234)
    assert item.provenance == {} and item.chords == () and not item.params.chords
    assert item.params.seed == 1234 and item.params.bars == MAX_ITEM_BARS
    assert len(item.notes) == MAX_ITEM_BARS * 3
    assert [n.velocity for n in item.notes[:3]] == [DOWNBEAT_VELOCITY, STRONG_VELOCITY,
                                                    STRONG_VELOCITY]


def test_cutting_shortens_the_note_that_crosses_the_last_bar_line():
    melody = Melody(MelodyParams(bars=3), (Note(60, 0, 4), Note(62, 7, 3), Note(64, 10, 2)))
    cut = cut_to_bars(melody, 2)
    assert [(n.pitch, n.start, n.duration) for n in cut.notes] == [(60, 0, 4), (62, 7, 1)]
    assert cut.params.bars == 2


def test_ai_parameters_match_the_human_tune():
    human = MelodyParams(key="Bb", scale="dorian", time="6/8", bars=16, tempo=144,
                         instrument="flute", mood="sad", seed=0)
    ai = matched_ai_params(human, seed=99)
    assert (ai.key, ai.scale, ai.time, ai.bars, ai.tempo, ai.instrument) == (
        "Bb", "dorian", "6/8", 16, 144, "flute")
    assert (ai.seed, ai.chords) == (99, False)


def test_sources_split_half_and_half_and_odd_counts_either_way():
    rng = random.Random(0)
    assert {split_sources(4, rng) for _ in range(20)} == {(2, 2)}
    assert {split_sources(5, rng) for _ in range(40)} == {(2, 3), (3, 2)}
