"""Originality: no melody copies a run of 8 (interval, duration) tokens of a training tune.

The shipped model holds the hashed 8-grams of every training tune. These tests
check that composed melodies avoid all of them, that the set really covers the
training tunes (re-read with music21 for a sample of files, the slower path),
and that a copied run would be caught.
"""

from __future__ import annotations

import itertools

import pytest

from engine.compose.composer import compose
from engine.melody import Melody
from engine.model.melody_model import load_model
from engine.model.originality import NGRAM, NgramSet, copied_runs, ngram_hashes, tokens
from engine.params.melody import CONTOURS, RHYTHMS, MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import SCALES


def melody_tokens(melody: Melody) -> list[int]:
    return tokens([n.pitch for n in melody.notes], [n.duration for n in melody.notes])


@pytest.fixture(scope="module")
def banned() -> NgramSet:
    banned = load_model().banned_ngrams
    assert len(banned) > 100_000, "the shipped model carries the training 8-grams"
    return banned


# Plain, repetitive settings are the likeliest to fall into a folk tune's stock phrases.
RISKY = [
    MelodyParams(bars=16, rhythm=r, complexity=c, repetition=rep, seed=s, scale=sc, time=t)
    for (r, c, rep, s), sc, t in zip(
        itertools.product(("straight", "standard"), (0, 30), (0, 80), range(3)),
        itertools.cycle(("major", "minor", "dorian", "mixolydian")),
        itertools.cycle(METERS),
        strict=False,
    )
]
VARIED = [
    MelodyParams(bars=8, rhythm=r, contour=c, scale=s, seed=i)
    for i, (r, c, s) in enumerate(
        zip(itertools.cycle(RHYTHMS), itertools.cycle(CONTOURS), SCALES, strict=False)
    )
]


@pytest.mark.parametrize("params", RISKY + VARIED, ids=lambda p: p.slug)
def test_no_run_of_eight_tokens_from_a_training_tune(
    params: MelodyParams, banned: NgramSet
) -> None:
    melody = compose(params)
    assert copied_runs(melody_tokens(melody), banned) == []


@pytest.fixture(scope="module")
def sample_tunes():
    from music21 import corpus as m21corpus

    from scripts import corpus

    files = sorted(m21corpus.getComposer("ryansMammoth"))[:3]
    tunes = [
        t for f in files for t in corpus.tunes_in_file(f, "ryansMammoth", supported_only=False)
    ]
    assert tunes
    return tunes


def test_shipped_set_covers_the_training_tunes(sample_tunes, banned: NgramSet) -> None:
    for tune in sample_tunes:
        seq = tokens([p for p, _, _ in tune.notes], [d for _, _, d in tune.notes])
        assert all(h in banned for h in ngram_hashes(seq)), tune.title


def test_a_copied_run_is_caught(sample_tunes, banned: NgramSet) -> None:
    tune = sample_tunes[0]
    copied = [p for p, _, _ in tune.notes][: NGRAM + 1]
    durations = [d for _, _, d in tune.notes][: NGRAM + 1]
    assert copied_runs(tokens(copied, durations), banned) == [0]
