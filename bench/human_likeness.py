"""Human-likeness: a classifier two-sample test of AI melodies against human tunes.

    .venv/bin/python bench/human_likeness.py [--pairs 300] [--heldout 150]

Each melody becomes a vector of melodic features (scale-degree and interval
histograms, step/leap/repeat shares, direction changes, stepwise run lengths,
recurring interval 3- and 4-grams, duration histogram, note density, rests,
onsets off the pulse, and the entropy of degrees, intervals and durations).
Gradient boosting and logistic regression try to tell the two sets apart under
5-fold cross-validation: 50 % accuracy means indistinguishable. The ten
features with the AUC furthest from 0.5 say what gives the AI away.

Comparisons:
- stimuli: the game's items, human pool excerpts against their matched AI
  melodies (`bot.services.games.stimuli`, what `melodybot stimuli` writes);
- held-out: fresh melodies at default knob settings (in the tune's key, mode and
  meter) against human tunes the model was not trained on (scripts/corpus.py
  `is_held_out`: a stable tenth by CRC-32 of collection, title and note count),
  the first 6 full bars of each;
- human vs human: two halves of the held-out tunes (the floor, about 50 %).

Needs scikit-learn (the `bench` extra) and, for the held-out set, music21's
corpus (cached by scripts/corpus.py). Figures go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine_results import write_block

from bot.services.games.items import stimulus_pairs
from engine.compose.composer import compose
from engine.melody import Melody
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS
from scripts.corpus import COLLECTIONS, Tune, is_held_out, load_tunes

BODY_BARS = 6  # the held-out comparison looks at the first 6 bars only
DURATION_BINS = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.5, 2.0, 3.0)  # beats
INTERVAL_BINS = 13  # -6..+6 semitones one bin each; wider leaps in the outer bins
Notes = Sequence[tuple[int, float, float]]  # (MIDI pitch, start beats, duration beats)


def _hist(values: Sequence[int], size: int) -> list[float]:
    counts = np.bincount(np.asarray(values, dtype=int), minlength=size)[:size]
    return (counts / max(1, len(values))).tolist()


def _entropy(values: Sequence[object]) -> float:
    counts = Counter(values)
    total = sum(counts.values())
    return -sum(c / total * math.log2(c / total) for c in counts.values()) if total else 0.0


def _recurring(intervals: Sequence[int], n: int) -> float:
    """Share of the interval n-grams that occur more than once in the melody."""
    grams = [tuple(intervals[i : i + n]) for i in range(len(intervals) - n + 1)]
    counts = Counter(grams)
    return sum(1 for g in grams if counts[g] > 1) / len(grams) if grams else 0.0


def features(notes: Notes, tonic: int, pulse: float, total_beats: float) -> dict[str, float]:
    """The melodic feature vector of one melody (see the module docstring)."""
    pitches = [p for p, _, _ in notes]
    intervals = [b - a for a, b in itertools.pairwise(pitches)]
    degrees = [(p - tonic) % 12 for p in pitches]
    durations = [d for _, _, d in notes]
    bins = [int(np.argmin([abs(d - b) for b in DURATION_BINS])) for d in durations]
    clipped = [max(-6, min(6, i)) + 6 for i in intervals]
    moves = [i for i in intervals if i]
    turns = sum(1 for a, b in itertools.pairwise(moves) if (a > 0) != (b > 0))
    runs, run = [], 0
    for i in intervals:
        if 1 <= abs(i) <= 2:
            run += 1
        else:
            if run:
                runs.append(run)
            run = 0
    if run:
        runs.append(run)
    sounding = sum(durations)
    gaps = sum(1 for a, b in itertools.pairwise(notes) if b[1] - (a[1] + a[2]) > 1e-6)
    off = sum(1 for _, s, _ in notes if abs(s / pulse - round(s / pulse)) > 1e-6)
    count = max(1, len(intervals))
    result = {f"degree_{k}": v for k, v in enumerate(_hist(degrees, 12))}
    result |= {f"interval_{k - 6:+d}": v for k, v in enumerate(_hist(clipped, INTERVAL_BINS))}
    result |= {f"duration_{b:.2f}": v for b, v in zip(DURATION_BINS, _hist(bins, 9), strict=True)}
    result |= {
        "repeat_share": sum(1 for i in intervals if i == 0) / count,
        "step_share": sum(1 for i in intervals if 1 <= abs(i) <= 2) / count,
        "leap_share": sum(1 for i in intervals if abs(i) >= 5) / count,
        "mean_abs_interval": sum(abs(i) for i in intervals) / count,
        "direction_changes": turns / max(1, len(moves) - 1),
        "step_run_mean": float(np.mean(runs)) if runs else 0.0,
        "step_run_max": float(max(runs, default=0)),
        "recurring_3grams": _recurring(intervals, 3),
        "recurring_4grams": _recurring(intervals, 4),
        "note_density": len(notes) / total_beats,
        "rest_share": max(0.0, 1 - sounding / total_beats),
        "rests_per_note": gaps / max(1, len(notes)),
        "offbeat_share": off / max(1, len(notes)),
        "pitch_span": float(max(pitches) - min(pitches)),
        "degree_entropy": _entropy(degrees),
        "interval_entropy": _entropy(intervals),
        "duration_entropy": _entropy(bins),
    }
    return result


def melody_features(melody: Melody, bars: int | None = None) -> dict[str, float]:
    """Features of a Melody, over its first `bars` bars when given."""
    meter = melody.meter
    span = (bars or melody.params.bars) * meter.bar_beats
    notes = [(n.pitch, n.start, min(n.duration, span - n.start)) for n in melody.notes]
    notes = [n for n in notes if n[1] < span - 1e-9]
    return features(notes, KEYS[melody.params.key], meter.pulse_beats, span)


def tune_body(tune: Tune, bars: int = BODY_BARS) -> dict[str, float] | None:
    """Features of a corpus tune's first `bars` full bars after its pickup (None if shorter)."""
    meter = METERS[tune.meter]
    span = bars * meter.bar_beats
    notes = [(p, s - tune.pickup, d) for p, s, d in tune.notes if s >= tune.pickup - 1e-9]
    notes = [(p, s, min(d, span - s)) for p, s, d in notes if s < span - 1e-9]
    if tune.bars < bars or len(notes) < 6:
        return None
    return features(notes, KEYS[tune.key], meter.pulse_beats, span)


def two_sample(
    first: list[dict[str, float]], second: list[dict[str, float]], seed: int = 0
) -> dict[str, object]:
    """Cross-validated accuracy of two classifiers telling `first` from `second`, and the
    ten features whose single-feature AUC is furthest from 0.5."""
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    names = sorted(first[0])
    x = np.array([[f[n] for n in names] for f in first + second])
    y = np.array([1] * len(first) + [0] * len(second))
    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    boosting = GradientBoostingClassifier(random_state=seed)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    aucs = {n: float(roc_auc_score(y, x[:, k])) for k, n in enumerate(names)}
    top = sorted(aucs.items(), key=lambda kv: -abs(kv[1] - 0.5))[:10]
    return {
        "boosting": float(cross_val_score(boosting, x, y, cv=folds).mean()),
        "logistic": float(cross_val_score(logistic, x, y, cv=folds).mean()),
        "top": top,
        "sizes": (len(first), len(second)),
    }


def held_out_sets(
    count: int, seed: int
) -> tuple[list[dict[str, float]], list[dict[str, float]], list[list[dict[str, float]]]]:
    """(fresh AI bodies, held-out human bodies, the human bodies' other half)."""
    tunes = [t for t in load_tunes(COLLECTIONS) if is_held_out(t)]
    bodies = [((t.key, t.scale, t.meter), b) for t in tunes if (b := tune_body(t)) is not None]
    random.Random(seed).shuffle(bodies)
    humans = bodies[:count]
    half = len(bodies) // 2
    # Default knobs; key, mode and meter are the tune's, so they cannot tell the sides apart.
    ai = [
        melody_features(
            compose(MelodyParams(key=k, scale=sc, time=t, bars=8, seed=seed * 100_000 + i)),
            BODY_BARS,
        )
        for i, (k, sc, t) in enumerate(signature for signature, _ in humans)
    ]
    return (
        ai,
        [body for _, body in humans],
        [
            [body for _, body in bodies[:half]],
            [body for _, body in bodies[half:]],
        ],
    )


def report(name: str, result: dict[str, object]) -> list[str]:
    top = ", ".join(f"{n} {auc:.2f}" for n, auc in result["top"])  # type: ignore[attr-defined]
    line = (
        f"- {name} (n = {result['sizes'][0]} vs {result['sizes'][1]}): "  # type: ignore[index]
        f"boosting {result['boosting']:.3f}, logistic {result['logistic']:.3f}; top AUC: {top}"
    )
    print(line)
    return [line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--heldout", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="after", help="before or after (RESULTS.md block)")
    parser.add_argument(
        "--no-write", action="store_true", help="print the figures only (for trying changes)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    lines = [f"Human-likeness ({args.label}; accuracy 0.5 = indistinguishable):"]
    pairs = stimulus_pairs(args.pairs, args.seed)
    ai = [melody_features(p.ai) for p in pairs]
    human = [melody_features(p.human) for p in pairs]
    lines += report("stimuli AI vs human", two_sample(ai, human))
    fresh, held, halves = held_out_sets(args.heldout, args.seed)
    lines += report(
        f"held-out, first {BODY_BARS} bars, default AI vs human", two_sample(fresh, held)
    )
    lines += report("human vs human (held-out halves)", two_sample(halves[0], halves[1]))
    print(f"({time.perf_counter() - started:.0f} s)")
    if not args.no_write:
        write_block(f"human-likeness-{args.label}", lines)


if __name__ == "__main__":
    main()
