"""Fit the motion tilt (engine.compose.motion_tilt) and store it in the model file.

    .venv/bin/python scripts/calibrate_motion.py [--rounds 5] [--melodies 600]

Iterative scaling: the tunes' moves are counted in context (the last move's class
and how far the line has run stepwise); then each round composes `--melodies`
melodies with the current table (half at default settings, half with random knob
settings, in the keys, modes and meters of the tunes), counts their moves the same
way, and multiplies each weight by (the tunes' share / the composer's share) to the
power `--rate`. The table goes into the model file as `motion_tilt`. Trains on the
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

from engine.compose.composer import compose
from engine.compose.motion_tilt import context_counts, neutral
from engine.model.melody_model import MODEL_PATH, load_model
from engine.params.melody import CONTOURS, RANGE_OCTAVES, SEED_MAX, MelodyParams
from scripts.corpus import COLLECTIONS, Tune, is_held_out, load_tunes
from scripts.train_joint import usable

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
    smoothed = counts + SMOOTHING
    result: np.ndarray = smoothed / smoothed.sum(axis=1, keepdims=True)
    return result


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
    print(f"tunes: {len(tunes)}; {summary(human)}")
    model = load_model()
    table = neutral()
    for round_number in range(args.rounds + 1):
        model.motion_tilt = table  # type: ignore[misc]
        rng = random.Random(args.seed * 1000 + round_number)  # noqa: S311 (reproducible drafts)
        melodies = [
            compose(random_params(rng.choice(tunes), rng, at_defaults=k % 2 == 0))
            for k in range(args.melodies)
        ]
        composed = context_counts([[n.pitch for n in m.notes] for m in melodies])
        gap = float(np.abs(shares(human) - shares(composed)).max())
        print(f"round {round_number}: {summary(composed)}; largest gap in a context {gap:.3f}")
        if round_number == args.rounds:
            break
        table = np.clip(table * (shares(human) / shares(composed)) ** args.rate, *WEIGHT_LIMITS)
        table /= table.mean(axis=1, keepdims=True)
    with np.load(args.model, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["motion_tilt"] = np.round(table, 4)
    np.savez_compressed(args.model, **arrays)  # type: ignore[arg-type]
    print(f"motion tilt written to {args.model} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
