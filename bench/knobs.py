"""What each control does, measured: mean knob measure per setting over 20 seeds.

    .venv/bin/python bench/knobs.py

The same measures the knob tests assert on (engine.measures); here the
figures are printed and written to bench/RESULTS.md for the README's table.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine_results import write_block

from engine import measures
from engine.compose.composer import compose
from engine.melody import Melody
from engine.params.melody import CONTOURS, RANGE_OCTAVES, RHYTHMS, MelodyParams

SEEDS = range(20)
BASE = MelodyParams(bars=8)
NUMERIC: dict[str, tuple[str, Callable[[Melody], float]]] = {
    "complexity": ("pitch + rhythm entropy (bits) + notes/beat", measures.complexity),
    "harmonic_density": ("chord changes per bar", measures.chord_changes_per_bar),
    "repetition": ("share of bars restating an earlier bar", measures.repeated_bar_share),
    "syncopation": ("Longuet-Higgins & Lee syncopation per note", measures.syncopation),
}


def mean(measure: Callable[[Melody], float], **params: object) -> float:
    return statistics.fmean(measure(compose(BASE.replace(seed=s, **params))) for s in SEEDS)


def own_score(param: str, choice: str, signature: Callable[[Melody], dict]) -> float:
    return statistics.fmean(
        signature(compose(BASE.replace(seed=s, **{param: choice})))[choice] for s in SEEDS
    )


def main() -> None:
    lines = [
        f"Knob measures ({time.strftime('%Y-%m-%d', time.gmtime())}): mean over 20 seeds, "
        "8 bars, other parameters at their defaults",
        "",
        "| knob | measure | 0 | 25 | 50 | 75 | 100 |",
        "|---|---|---|---|---|---|---|",
    ]
    for knob, (label, measure) in NUMERIC.items():
        values = [mean(measure, **{knob: v}) for v in (0, 25, 50, 75, 100)]
        lines.append(f"| {knob} | {label} | " + " | ".join(f"{v:.2f}" for v in values) + " |")
    spans = {r: mean(measures.pitch_span, range=r) for r in RANGE_OCTAVES}
    lines += [
        "",
        "| range | " + " | ".join(RANGE_OCTAVES) + " |",
        "|---|" + "---|" * len(RANGE_OCTAVES),
        "| pitch span (semitones) | " + " | ".join(f"{v:.1f}" for v in spans.values()) + " |",
    ]
    for param, choices, signature in (
        ("contour", CONTOURS, measures.contour_signature),
        ("rhythm", RHYTHMS, measures.rhythm_signature),
    ):
        scores = {c: own_score(param, c, signature) for c in choices}
        lines += [
            "",
            f"| {param}: score on its own signature | " + " | ".join(choices) + " |",
            "|---|" + "---|" * len(choices),
            "| made with that choice | " + " | ".join(f"{v:.2f}" for v in scores.values()) + " |",
        ]
    print("\n".join(lines))
    write_block("knobs", lines)


if __name__ == "__main__":
    main()
