"""Every control does what it says, measurably (engine.measures).

Numeric knobs: the mean measure over 20 seeds must rise with the setting
0/25/50/75/100 (Spearman rho >= 0.9), other parameters at their defaults.
Range rises narrow < medium < wide; each contour and rhythm choice scores
highest on its own signature.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable

import pytest
from scipy.stats import spearmanr

from engine import measures
from engine.compose.composer import compose
from engine.melody import Melody
from engine.params.melody import CONTOURS, RANGE_OCTAVES, RHYTHMS, MelodyParams

SEEDS = range(20)
SETTINGS = (0, 25, 50, 75, 100)
BASE = MelodyParams(bars=8)

KNOB_MEASURES: dict[str, Callable[[Melody], float]] = {
    "complexity": measures.complexity,
    "harmonic_density": measures.chord_changes_per_bar,
    "repetition": measures.repeated_bar_share,
    "syncopation": measures.syncopation,
}


def mean_measure(measure: Callable[[Melody], float], **params: object) -> float:
    return statistics.fmean(measure(compose(BASE.replace(seed=s, **params))) for s in SEEDS)


@pytest.mark.parametrize("knob", list(KNOB_MEASURES))
def test_numeric_knob_raises_its_measure(knob: str) -> None:
    means = [mean_measure(KNOB_MEASURES[knob], **{knob: v}) for v in SETTINGS]
    rho = spearmanr(SETTINGS, means).statistic
    assert rho >= 0.9, f"{knob}: means {[round(m, 3) for m in means]}, rho {rho:.2f}"
    assert means[-1] > means[0]


def test_syncopation_zero_means_almost_none() -> None:
    # Longuet-Higgins & Lee per note: an anticipated beat scores 1-2, so 0.02 is about
    # one syncopated note in 50-100.
    assert mean_measure(measures.syncopation, syncopation=0) < 0.02


def repeated_note_share(melody: Melody) -> float:
    pitches = [n.pitch for n in melody.notes]
    return sum(a == b for a, b in itertools.pairwise(pitches)) / (len(pitches) - 1)


def test_low_complexity_slows_the_rhythm_without_droning() -> None:
    # Long notes go with repeated notes in the tunes (0.12 of the moves in slow tunes);
    # a simple melody still moves (0.13; 0.26 when the duration tilt also moved the steps).
    slow = mean_measure(repeated_note_share, complexity=0)
    assert slow <= 0.16, f"repeated notes {slow:.2f} of the moves at complexity 0"
    assert mean_measure(measures.note_density, complexity=0) < mean_measure(
        measures.note_density, complexity=50
    )


def test_range_widens_the_pitch_span() -> None:
    spans = [mean_measure(measures.pitch_span, range=r) for r in RANGE_OCTAVES]
    assert spans == sorted(spans) and spans[0] < spans[-1], spans
    # Each step is one a listener hears: at least two semitones wider on average.
    assert all(b - a >= 2 for a, b in itertools.pairwise(spans)), spans


def _signature_table(
    param: str, choices: tuple[str, ...], signature: Callable[[Melody], dict[str, float]]
) -> dict[str, dict]:
    table = {}
    for made_with in choices:
        scores = [signature(compose(BASE.replace(seed=s, **{param: made_with}))) for s in SEEDS]
        table[made_with] = {c: statistics.fmean(sc[c] for sc in scores) for c in choices}
    return table


@pytest.mark.parametrize(
    ("param", "choices", "signature"),
    [
        ("contour", CONTOURS, measures.contour_signature),
        ("rhythm", RHYTHMS, measures.rhythm_signature),
    ],
)
def test_each_choice_scores_highest_on_its_own_signature(param, choices, signature) -> None:
    table = _signature_table(param, choices, signature)
    for choice in choices:
        own = table[choice][choice]
        others = {other: table[other][choice] for other in choices if other != choice}
        assert all(own > score for score in others.values()), (
            f"{param}:{choice} scores {own:.3f} on its signature; others {others}"
        )


def _melody(notes: list[tuple[int, float, float]], **params: object) -> Melody:
    from engine.melody import Note

    return Melody(BASE.replace(**params), tuple(Note(p, s, d) for p, s, d in notes))


def test_measures_read_hand_made_melodies() -> None:
    # Bar 2 repeats bar 1 a step higher (in C major: E-F-G is D-E-F moved up), bar 3 is new.
    melody = _melody(
        [
            (62, 0, 1),
            (64, 1, 1),
            (65, 2, 2),
            (64, 4, 1),
            (65, 5, 1),
            (67, 6, 2),
            (60, 8.5, 1.5),
            (72, 10, 2),
        ],
        bars=3,
    )
    assert measures.repeated_bar_share(melody) == 0.5
    assert measures.offbeat_onset_share(melody) == 1 / 8
    # Longuet-Higgins & Lee: the rest on bar 3's downbeat after G (from the half-bar, weight
    # -1, to 0) and C from the off-beat eighth (-3) held over beat 2 (-2): 1 + 1 over 8 notes.
    assert measures.syncopation(melody) == pytest.approx(2 / 8)
    assert measures.pitch_span(melody) == 12
    assert measures.rest_share(melody) == pytest.approx(0.5 / 12)
    rising = _melody([(60 + i, i, 1) for i in range(8)], bars=2, contour="ascending")
    assert measures.contour_fit(rising) == pytest.approx(1.0, abs=0.05)
    swung = _melody(
        [(60, i, 2 / 3) if k == 0 else (62, i + 2 / 3, 1 / 3) for i in range(4) for k in range(2)],
        bars=1,
    )
    assert measures.rhythm_signature(swung)["swing"] == 1.0
