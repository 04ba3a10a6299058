"""Drafts: several melodies at the same settings, and the one the critic finds most tune-like.

A composer who writes a tune drafts it more than once. `compose` (engine.compose.composer)
walks `params.drafts` drafts, the first with the given seed and the others with seeds
drawn from it (`draft_seeds`), and keeps the one engine.model.critic scores highest
among those whose knob measures stay near the drafts' middle, so the knobs keep
meaning what they meant (`choose`); game items choose among more drafts, near their
human tune's measures instead (bot.services.games.items). The same seed always gives
the same drafts.
"""

from __future__ import annotations

import random

import numpy as np

from engine import measures
from engine.melody import Melody
from engine.params.melody import SEED_MAX

# How near two melodies' measures count as the same (a matched pair, or a draft and the
# drafts' middle): within these, any is as good as another.
MATCH_TOLERANCES = {
    "note_density": 0.15,  # notes per beat: what a listener hears first
    "complexity": 0.5,  # bits + notes per beat
    "syncopation": 0.05,  # LHL per note
    "repetition": 0.1,  # share of recurring 4-interval motifs
    "pitch_span": 2.0,  # semitones
}
MATCH_PENALTY = 1.0  # critic log-odds per squared tolerance beyond a tolerance
# `compose` keeps its choice nearer the drafts' middle than a match needs, so that every
# knob setting keeps its own measure (the critic would pull them all towards the tunes').
KNOB_TOLERANCE_SCALE = 0.25


def draft_seeds(seed: int, count: int) -> list[int]:
    """`seed`, then `count` - 1 more seeds drawn from it (distinct, reproducible)."""
    rng = random.Random(f"melodybot/drafts/{seed}")  # seeded: reproducible drafts
    seeds = [seed]
    while len(seeds) < count:
        drawn = rng.randint(0, SEED_MAX)
        if drawn not in seeds:
            seeds.append(drawn)
    return seeds


def knob_measures(melody: Melody) -> dict[str, float]:
    """The measures the knobs move and a matched pair is compared on: notes per beat,
    complexity (bits + notes per beat), syncopation per note, share of recurring
    4-interval motifs, span in semitones."""
    return {
        "note_density": round(measures.note_density(melody), 4),
        "complexity": round(measures.complexity(melody), 4),
        "syncopation": round(measures.syncopation(melody), 4),
        "repetition": round(measures.recurring_pattern_share(melody), 4),
        "pitch_span": float(measures.pitch_span(melody)),
    }


def measure_distance(found: dict[str, float], goal: dict[str, float], scale: float = 1.0) -> float:
    """How far `knob_measures` `found` stray beyond `scale` x MATCH_TOLERANCES of `goal`
    (sum of squares, in units of each tolerance; 0 when every measure is within)."""
    return sum(
        max(0.0, abs(found[name] - goal[name]) / (scale * tolerance) - 1) ** 2
        for name, tolerance in MATCH_TOLERANCES.items()
    )


def middle(found: list[dict[str, float]]) -> dict[str, float]:
    """The median of each measure over several melodies' `knob_measures`."""
    return {name: float(np.median([f[name] for f in found])) for name in MATCH_TOLERANCES}


def choose(
    scores: list[float], found: list[dict[str, float]], goal: dict[str, float], scale: float = 1.0
) -> int:
    """Index of the draft with the best critic score less the penalty for straying from
    `goal` beyond `scale` x MATCH_TOLERANCES."""
    totals = [
        s - MATCH_PENALTY * measure_distance(f, goal, scale)
        for s, f in zip(scores, found, strict=True)
    ]
    return totals.index(max(totals))
