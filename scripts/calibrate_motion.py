"""Fit the walk's calibration (engine.compose.motion_tilt and degree_tilt) into the model file.

    .venv/bin/python scripts/calibrate_motion.py [--rounds 5] [--melodies 600]

Iterative scaling: the tunes' moves are counted in context (the last move's class
and how far the line has run stepwise); then each round composes `--melodies`
melodies with the current table (half at default settings, half with random knob
settings, in the keys, modes and meters of the tunes), counts their moves the same
way, and multiplies each weight by (the tunes' share / the composer's share) to the
power `--rate`. The degree tilt is fitted the same way, on each note's scale degree
by mode family and beat strength. The tables go into the model file as `motion_tilt`
and `degree_tilt`. Trains on the
same tunes as scripts/train_model.py (the held-out tenth stays out). Development
only (`make train` runs it after scripts/train_model.py): needs music21's corpus.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.compose import degree_tilt
from engine.compose.composer import compose
from engine.compose.ladder import ladder_for
from engine.compose.motion_tilt import context_counts, neutral
from engine.melody import Melody
from engine.model.melody_model import MODEL_PATH, load_model
from engine.model.viewpoints import mode_family, strength
from engine.params.melody import CONTOURS, RANGE_OCTAVES, SEED_MAX, MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS, SCALES
from scripts.corpus import COLLECTIONS, Tune, is_held_out, load_tunes
from scripts.train_joint import ladder_index, usable

SMOOTHING = 0.5  # pseudo-count per (context, class) cell
WEIGHT_LIMITS = (0.05, 20.0)
CALIBRATION_BARS = 8


def random_params(tune: Tune, rng: random.Random, *, at_defaults: bool) -> MelodyParams:
    """Parameters in the tune's key, mode and meter: defaults, or random knob settings;
    one draft (the walk as it is)."""
    params = MelodyParams(
        key=tune.key,
        scale=tune.scale,
        time=tune.meter,
        bars=CALIBRATION_BARS,
        chords=False,
        drafts=1,  # the walk itself, not the critic's choice
        seed=rng.randint(0, SEED_MAX),
    )
    if at_defaults:
        return params
    return params.replace(
        complexity=rng.randint(0, 100),
        syncopation=rng.randint(0, 60),
        repetition=rng.randint(0, 100),
        range=rng.choice(list(RANGE_OCTAVES)),
        contour=rng.choice(["balanced"] * len(CONTOURS) + list(CONTOURS)),
    )


def shares(counts: np.ndarray) -> np.ndarray:
    """Shares along the last axis (each context's or condition's own distribution)."""
    smoothed = counts + SMOOTHING
    result: np.ndarray = smoothed / smoothed.sum(axis=-1, keepdims=True)
    return result


def tune_degrees(tune: Tune) -> list[tuple[int, int, int]]:
    """(mode family, beat strength, scale degree) of each note of a tune after its pickup."""
    meter = METERS[tune.meter]
    tonic, steps = KEYS[tune.key], SCALES[tune.scale]
    family = mode_family(tune.scale)
    return [
        (
            family,
            strength(meter, round((s - tune.pickup) % meter.bar_beats, 6)),
            ladder_index(p, tonic, steps) % 7,
        )
        for p, s, _ in tune.notes
        if s >= tune.pickup - 1e-6
    ]


def melody_degrees(melody: Melody) -> list[tuple[int, int, int]]:
    """The same triples for a composed melody (its notes are on its scale's ladder)."""
    ladder = ladder_for(melody.params.key, melody.params.scale)
    family = mode_family(melody.params.scale)
    bar = melody.meter.bar_beats
    return [
        (
            family,
            strength(melody.meter, round(n.start % bar, 6)),
            ladder.degree(ladder.index_of(n.pitch)),
        )
        for n in melody.notes
    ]


def updated(table: np.ndarray, human: np.ndarray, composed: np.ndarray, rate: float) -> np.ndarray:
    """One round of iterative scaling, weights kept within WEIGHT_LIMITS, mean 1 per row."""
    result = np.clip(table * (shares(human) / shares(composed)) ** rate, *WEIGHT_LIMITS)
    normalised: np.ndarray = result / result.mean(axis=-1, keepdims=True)
    return normalised


def summary(counts: np.ndarray) -> str:
    """Share of steps, repeats and leaps among all moves counted."""
    by_class = counts.sum(axis=0) / max(1.0, counts.sum())
    return (
        f"repeats {by_class[0]:.3f} steps {by_class[1] + by_class[2]:.3f} "
        f"skips {by_class[3] + by_class[4]:.3f} leaps {by_class[5] + by_class[6]:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--melodies", type=int, default=600)
    parser.add_argument("--rate", type=float, default=0.8, help="exponent of each update")
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    tunes = [t for t in load_tunes(COLLECTIONS) if usable(t) and not is_held_out(t)]
    human = context_counts([[p for p, _, _ in t.notes] for t in tunes])
    human_degrees = degree_tilt.degree_counts(d for t in tunes for d in tune_degrees(t))
    print(f"tunes: {len(tunes)}; {summary(human)}")
    model = load_model()
    table, degrees = neutral(), degree_tilt.neutral()
    for round_number in range(args.rounds + 1):
        model.motion_tilt = table  # type: ignore[misc]
        model.degree_tilt = degrees  # type: ignore[misc]
        rng = random.Random(args.seed * 1000 + round_number)  # noqa: S311 (reproducible drafts)
        melodies = [
            compose(random_params(rng.choice(tunes), rng, at_defaults=k % 2 == 0))
            for k in range(args.melodies)
        ]
        composed = context_counts([[n.pitch for n in m.notes] for m in melodies])
        composed_degrees = degree_tilt.degree_counts(d for m in melodies for d in melody_degrees(m))
        gap = float(np.abs(shares(human) - shares(composed)).max())
        degree_gap = float(np.abs(shares(human_degrees) - shares(composed_degrees)).max())
        print(
            f"round {round_number}: {summary(composed)}; largest gap in a context {gap:.3f}, "
            f"in a degree share {degree_gap:.3f}"
        )
        if round_number == args.rounds:
            break
        table = updated(table, human, composed, args.rate)
        degrees = updated(degrees, human_degrees, composed_degrees, args.rate)
    with np.load(args.model, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["motion_tilt"] = np.round(table, 4)
    arrays["degree_tilt"] = np.round(degrees, 4)
    np.savez_compressed(args.model, **arrays)  # type: ignore[arg-type]
    print(
        f"motion and degree tilts written to {args.model} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
