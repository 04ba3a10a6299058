"""Train the critic (engine.model.critic) and store it in the model file.

    .venv/bin/python scripts/train_critic.py [--drafts 12000] [--hidden 96]

Human side: 8-bar windows (from the first full bar, and from bar 9 when the tune is
long enough) of the training tunes, leaving out the held-out tenth and every tune of
the games' human pool, so the critic has never seen a tune it will be compared with.
Composer side: `--drafts` melodies from the current model file (motion tilt
included), half at default settings and half with random knob settings, in the
keys, modes and meters of those tunes (scripts/calibrate_motion.random_params).
A one-hidden-layer network (scikit-learn's MLPClassifier, ReLU, L2 `--alpha`) learns
to tell them apart; its 5-fold accuracy is printed, and its arrays go into the model
file as `critic.*`. Development only (`make train`, after calibrate_motion.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

# One BLAS thread: sums in a fixed order, so the same tunes give the same critic, byte
# for byte, on any machine (set before numpy loads its BLAS).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # after the thread setting above

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.compose.composer import compose
from engine.human.pool import load_human_pool
from engine.model.critic import Critic, melody_features
from engine.model.critic_features import feature_vector
from engine.model.melody_model import MODEL_PATH
from engine.theory.meters import METERS
from engine.theory.scales import KEYS
from scripts.build_human_pool import clean_title
from scripts.calibrate_motion import random_params
from scripts.corpus import COLLECTIONS, Tune, is_held_out, load_tunes
from scripts.train_joint import usable

WINDOW_BARS = 8
WINDOW_STARTS = (0, 8)  # first full bar, and bar 9
MIN_WINDOW_NOTES = 12


def windows(tune: Tune) -> list[np.ndarray]:
    """Critic features of the tune's 8-bar windows (times from each window's downbeat)."""
    bar_beats = METERS[tune.meter].bar_beats
    found = []
    for first in WINDOW_STARTS:
        origin = tune.pickup + first * bar_beats
        end = origin + WINDOW_BARS * bar_beats
        notes = [(p, s - origin, d) for p, s, d in tune.notes if origin - 1e-6 <= s < end - 1e-6]
        if tune.bars >= first + WINDOW_BARS and len(notes) >= MIN_WINDOW_NOTES:
            found.append(feature_vector(notes, KEYS[tune.key] % 12, bar_beats))
    return found


def fit(human: np.ndarray, drafts: np.ndarray, hidden: int, alpha: float) -> Critic:
    from sklearn.model_selection import cross_val_score
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = np.vstack([human, drafts])
    y = np.r_[np.ones(len(human)), np.zeros(len(drafts))]
    network = MLPClassifier(
        hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=600, early_stopping=True, random_state=0
    )
    pipeline = make_pipeline(StandardScaler(), network)
    accuracy = cross_val_score(pipeline, x, y, cv=5).mean()
    print(f"critic 5-fold accuracy (tunes against drafts): {accuracy:.3f}")
    pipeline.fit(x, y)
    scaler = pipeline[0]
    return Critic(
        scaler.mean_,
        np.where(scaler.scale_ > 0, scaler.scale_, 1.0),
        network.coefs_[0],
        network.intercepts_[0],
        network.coefs_[1],
        network.intercepts_[1],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=12000)
    parser.add_argument("--hidden", type=int, default=96)
    parser.add_argument("--alpha", type=float, default=0.1)
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    pool = {(m.provenance["collection"], m.provenance["title"]) for m in load_human_pool()}
    tunes = [
        t
        for t in load_tunes(COLLECTIONS)
        if usable(t) and not is_held_out(t) and (t.collection, clean_title(t.title)) not in pool
    ]
    human = np.array([w for t in tunes for w in windows(t)])
    rng = random.Random(args.seed)  # noqa: S311 (reproducible drafts)
    drafts = np.array(
        [
            melody_features(compose(random_params(rng.choice(tunes), rng, at_defaults=k % 2 == 0)))
            for k in range(args.drafts)
        ]
    )
    print(f"{len(tunes)} tunes, {len(human)} windows; {len(drafts)} drafts")
    critic = fit(human, drafts, args.hidden, args.alpha)
    with np.load(args.model, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays.update({k: v.astype(np.float32) for k, v in critic.to_arrays().items()})
    np.savez_compressed(args.model, **arrays)  # type: ignore[arg-type]
    print(f"critic written to {args.model} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
