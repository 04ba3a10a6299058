"""Making the two sources of a game sound alike: pure functions on melodies.

The study compared an AI melody with a human one of the same key, mode,
meter, bars, tempo and instrument, rendered the same way. So for each human
tune `matched_ai_params` asks the composer for exactly those, and
`as_game_item` gives every item, AI or human, the same treatment before
rendering: melody only, whole bars up to `MAX_ITEM_BARS`, the same metric
accents, and no title that could give its source away. Human melodies come
already ending the way the composer's do (engine.phrase_cut), in its register.
"""

from __future__ import annotations

import math
import random

from engine.human.phrase_cut import LONGEST_CUT_BARS
from engine.melody import Melody, Note
from engine.midi import TICKS_PER_BEAT
from engine.params.melody import SEED_MAX, MelodyParams
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
        seed=seed,
    )


def random_seed(rng: random.Random) -> int:
    """A seed in the parameter table's range."""
    return rng.randint(0, SEED_MAX)


def split_sources(items: int, rng: random.Random) -> tuple[int, int]:
    """(AI, human) counts: half each; an odd count gives the extra one to a random side."""
    half = items / 2
    ai = math.floor(half) if rng.random() < 0.5 else math.ceil(half)
    return ai, items - ai
