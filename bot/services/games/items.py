"""Making the two sources of a game sound alike: pure functions on melodies.

The study compared an AI melody with a human one of the same key, mode,
meter, bars, tempo and instrument, rendered the same way. So for each human
tune `matched_ai_params` asks the composer for exactly those (`knob_matched_params`
also matches its complexity, syncopation, repetition and range, `match_knobs`), and
`as_game_item` gives every item, AI or human, the same treatment before
rendering: melody only, whole bars up to `MAX_ITEM_BARS`, the same metric
accents, and no title that could give its source away. Human melodies come
already ending the way the composer's do (engine.phrase_cut), in its register.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from engine import measures
from engine.compose.composer import compose, pick_draft
from engine.compose.drafts import knob_measures
from engine.human.phrase_cut import LONGEST_CUT_BARS
from engine.human.pool import load_human_pool
from engine.melody import Melody, Note
from engine.midi import TICKS_PER_BEAT
from engine.params.melody import RANGE_OCTAVES, SEED_MAX, MelodyParams
from engine.theory.meters import Meter

# A listening item stays short. Human melodies arrive cut at a phrase end within this
# (the pool by scripts/build_human_pool.py, submissions by engine.submission.read_submission);
# `cut_to_bars` only guards melodies stored before submissions were cut so.
MAX_ITEM_BARS = LONGEST_CUT_BARS
# MIDI velocities of every game item, whatever its source: downbeat, other pulse, off the pulse.
# (Both sources get these, so the composer's own accents cannot tell an AI item apart.)
DOWNBEAT_VELOCITY, STRONG_VELOCITY, WEAK_VELOCITY = 100, 90, 78
_TOLERANCE = 1 / TICKS_PER_BEAT  # beats


def accent(meter: Meter, start: float) -> int:
    """MIDI velocity for a note starting at `start` beats: downbeat, other pulse, off the pulse."""
    offset = start % meter.bar_beats
    if offset < _TOLERANCE or meter.bar_beats - offset < _TOLERANCE:
        return DOWNBEAT_VELOCITY
    pulse = offset / meter.pulse_beats
    return (
        STRONG_VELOCITY
        if abs(pulse - round(pulse)) * meter.pulse_beats < _TOLERANCE
        else WEAK_VELOCITY
    )


def cut_to_bars(melody: Melody, bars: int) -> Melody:
    """The first `bars` whole bars (notes past the end dropped, the last one shortened)."""
    if melody.params.bars <= bars:
        return melody
    end = bars * melody.meter.bar_beats
    notes = tuple(
        Note(n.pitch, n.start, min(n.duration, end - n.start), n.velocity)
        for n in melody.notes
        if n.start < end - _TOLERANCE
    )
    return Melody(melody.params.replace(bars=bars), notes, (), melody.provenance)


def as_game_item(melody: Melody, label_seed: int) -> Melody:
    """The melody as every game item is rendered: no chords, no provenance, same accents.

    `label_seed` replaces the seed, because the MP3's title names it and a
    human tune's seed (0) would otherwise give it away.
    """
    short = cut_to_bars(melody, MAX_ITEM_BARS)
    meter = short.meter
    notes = tuple(Note(n.pitch, n.start, n.duration, accent(meter, n.start)) for n in short.notes)
    return Melody(short.params.replace(chords=False, seed=label_seed), notes, (), {})


def matched_ai_params(human: MelodyParams, seed: int) -> MelodyParams:
    """Composer parameters matching a human tune: its key, mode, meter, bars, tempo, instrument."""
    return MelodyParams(
        key=human.key,
        scale=human.scale,
        time=human.time,
        bars=min(human.bars, MAX_ITEM_BARS),
        tempo=human.tempo,
        instrument=human.instrument,
        chords=False,
        drafts=1,  # one draft per seed: the item's own choice among drafts is `best_draft`
        seed=seed,
    )


# Matching a composed melody to a human tune's measures, as the study matched its pairs
# ("similar complexities and ranges"). `knob_measures` reads a tune's note density,
# complexity, syncopation (Longuet-Higgins & Lee), motif recurrence and pitch span
# (engine.measures); `match_knobs` sets range to the narrowest choice that holds the
# tune's span, then complexity, syncopation and repetition one after the other by
# bisection on their measures (note density for complexity: what complexity moves most,
# and what a listener hears first), each draft composed with the final seed, so the match
# holds for the melody played. Every tune gets the same steps: the same tolerance.
STEPS = 5  # bisection steps per knob: 100 / 2**5, about 3 knob points
KnobMeasure = Callable[[Melody], float]
MATCHED: tuple[tuple[str, KnobMeasure], ...] = (
    ("complexity", measures.note_density),
    ("syncopation", measures.syncopation),
    ("repetition", measures.recurring_pattern_share),
)


def range_for(span: int) -> str:
    """The narrowest `range` choice (octaves tonic to tonic) that holds `span` semitones."""
    for name, octaves in sorted(RANGE_OCTAVES.items(), key=lambda item: item[1]):
        if span <= 12 * octaves:
            return name
    return max(RANGE_OCTAVES, key=lambda name: RANGE_OCTAVES[name])


def _bisect(params: MelodyParams, knob: str, measure: KnobMeasure, goal: float) -> MelodyParams:
    """The knob value (0-100) whose melody's measure is nearest `goal`, by bisection
    (the measures rise with their knobs: tests/engine/compose/test_knobs.py)."""
    low, high = 0, 100
    best: tuple[float, int] | None = None
    for _ in range(STEPS):
        middle = (low + high) // 2
        value = measure(compose(params.replace(**{knob: middle})))
        if best is None or abs(value - goal) < best[0]:
            best = (abs(value - goal), middle)
        if value < goal:
            low = middle + 1
        else:
            high = middle - 1
        if low > high:
            break
    return params.replace(**{knob: best[1] if best else 50})


def match_knobs(human: Melody, params: MelodyParams) -> MelodyParams:
    """`params` with range, complexity, syncopation and repetition set so that the
    composed melody's measures come close to the human tune's (see the comment above)."""
    params = params.replace(range=range_for(measures.pitch_span(human)))
    # Complexity again last: the other knobs redraw the melody, and density drifts.
    for knob, measure in (*MATCHED, MATCHED[0]):
        params = _bisect(params, knob, measure, measure(human))
    return params


# Then, as a study pretests its stimuli, `DRAFTS` melodies are drafted at the matched
# settings (the matched seed and seeds drawn from it) and the one the critic
# (engine.model.critic) finds most like the tunes wins, less a penalty for each measure
# further from the tune's than its tolerance (engine.compose.drafts.measure_distance):
# every draft within tolerance is an equally good match. The stored seed is the winning
# draft's, so the item can be composed again from its parameters (one draft each).
DRAFTS = 32


def best_draft(human: Melody, params: MelodyParams) -> MelodyParams:
    """`params` with the seed of the draft the critic prefers (see the comment above);
    unchanged when the model file has no critic."""
    seed, _ = pick_draft(params, DRAFTS, knob_measures(human), 1.0)
    return params.replace(seed=seed)


def knob_matched_params(human: Melody, seed: int) -> MelodyParams:
    """`matched_ai_params`, with range, complexity, syncopation and repetition set so the
    composed melody's measures match the human tune's (`match_knobs`), and the seed of
    the best of its drafts (`best_draft`)."""
    excerpt = cut_to_bars(human, MAX_ITEM_BARS)
    return best_draft(excerpt, match_knobs(excerpt, matched_ai_params(excerpt.params, seed)))


def random_seed(rng: random.Random) -> int:
    """A seed in the parameter table's range."""
    return rng.randint(0, SEED_MAX)


def split_sources(items: int, rng: random.Random) -> tuple[int, int]:
    """(AI, human) counts: half each; an odd count gives the extra one to a random side."""
    half = items / 2
    ai = math.floor(half) if rng.random() < 0.5 else math.ceil(half)
    return ai, items - ai


@dataclass(frozen=True)
class StimulusPair:
    """One human excerpt and its matched AI melody, both as a game would post them."""

    human: Melody
    ai: Melody
    human_source: Melody  # the pool entry, with its provenance
    ai_params: MelodyParams


def stimulus_pairs(pairs: int, seed: int, pool: list[Melody] | None = None) -> list[StimulusPair]:
    """`pairs` human excerpts of the bundled pool (no repeats while the pool lasts) and their
    matched AI melodies, each given the game treatment; the same seed gives the same set."""
    humans = pool if pool is not None else load_human_pool()
    rng = random.Random(f"melodybot/stimuli/{seed}")  # noqa: S311 (seeded: a reproducible set)
    order: list[Melody] = []
    while len(order) < pairs:
        order += rng.sample(humans, min(len(humans), pairs - len(order)))
    result = []
    for human in order:
        params = knob_matched_params(human, random_seed(rng))
        ai = compose(params)
        result.append(
            StimulusPair(
                as_game_item(human, random_seed(rng)), as_game_item(ai, params.seed), human, params
            )
        )
    return result
