"""The learned model: PPM smoothing, the shipped model file, and what it has learned."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.model.melody_model import MODEL_PATH, TrainedModel, load_model
from engine.model.ppm import CachedPredictor, Counts, combine, predict
from engine.model.short_term import on_intervals

MAX_MODEL_BYTES = 5 * 1024 * 1024


def test_ppm_distribution_is_proper_and_learns_a_pattern() -> None:
    counts = Counts(alphabet=4, order=3)
    counts.add_sequence([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1])
    after = predict(counts, [0, 1])
    assert after.sum() == pytest.approx(1.0)
    assert after.argmax() == 2 and after[2] > 0.6
    assert (after > 0).all(), "unseen symbols keep some probability (escape to order -1)"


def test_frozen_counts_predict_exactly_like_the_trainable_ones() -> None:
    counts = Counts(alphabet=6, order=2, update_exclusion=True)
    counts.add_sequence([0, 1, 2, 3, 1, 2, 4, 5, 1, 2, 3])
    frozen = counts.freeze()
    cached = CachedPredictor(frozen)
    for history in ([], [1], [1, 2], [5, 1], [3, 3], [0, 1, 2]):
        np.testing.assert_allclose(predict(counts, history), predict(frozen, history))
        np.testing.assert_allclose(cached(tuple(history)), predict(counts, history))


def test_combination_trusts_the_surer_prediction() -> None:
    sure = np.array([0.9, 0.05, 0.05])
    unsure = np.array([0.3, 0.4, 0.3])
    mixed = combine([sure, unsure])
    assert mixed.sum() == pytest.approx(1.0)
    assert mixed.argmax() == 0


def test_an_in_scale_step_gets_the_mass_of_both_step_sizes() -> None:
    # A step down half the time (a semitone or a whole tone), a repeat the other half.
    # In C major after E (64) only D (62) is a step down: it must be as likely as the repeat.
    distribution = np.zeros(26)
    distribution[12 - 1] = distribution[12 - 2] = 0.25
    distribution[12] = 0.5
    weights = on_intervals(distribution + 1e-9, [60, 62, 64, 65, 67], 64)
    assert weights[1] == pytest.approx(weights[2], abs=1e-6)
    assert weights[1] == pytest.approx(0.5, abs=1e-6)


def test_shipped_model_file_is_small_and_loads() -> None:
    assert MODEL_PATH.exists(), "run scripts/train_model.py to build engine/data/"
    assert MODEL_PATH.stat().st_size <= MAX_MODEL_BYTES
    model = TrainedModel.load(MODEL_PATH)
    assert model.info["tunes"] >= 1000
    assert len(model.banned_ngrams) > 100_000
    assert isinstance(load_model(), TrainedModel)


def test_model_and_composition_do_not_need_music21() -> None:
    code = (
        "import sys; from engine.compose import compose; from engine.params import "
        "MelodyParams; compose(MelodyParams(seed=1)); "
        "print('music21' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_learned_model_prefers_steps_and_resolves_the_leading_tone() -> None:
    model = load_model()
    c_major = [60, 62, 64, 65, 67, 69, 71, 72, 74, 76]
    # After D-E (rising steps) in C major, a step is likelier than a leap of a ninth.
    weights = dict(zip(c_major, model.pitch_weights([62, 64], c_major, 0, 0, 1), strict=True))
    assert weights[65] > weights[74]
    # B (the leading tone) on a strong beat next: C above is likelier than A.
    weights = dict(zip(c_major, model.pitch_weights([67, 69, 71], c_major, 0, 0, 2), strict=True))
    assert weights[72] > weights[69]


def test_short_term_model_picks_up_the_melodys_own_figure() -> None:
    model = load_model()
    short_term = model.short_term(tonic_pc=0, family=0)
    figure = [60, 64, 62, 65, 64, 67]  # C E D F E G: a broken-thirds sequence
    for pitch in figure * 2 + figure[:3]:
        short_term.learn(pitch, 1)
    c_major = [60, 62, 64, 65, 67, 69, 71, 72]
    history = figure * 2 + figure[:3]
    with_own = dict(
        zip(c_major, model.pitch_weights(history, c_major, 0, 0, 1, short_term), strict=True)
    )
    without = dict(zip(c_major, model.pitch_weights(history, c_major, 0, 0, 1), strict=True))
    # The melody's own model has a light hand (SHORT_TERM_WEIGHT): it lifts the figure's
    # continuation well above what the corpus alone expects, without taking over.
    assert with_own[65] >= 2 * without[65], "the figure continues D -> F"
    assert with_own[60] >= 0.5 * without[60], "what the tunes do most stays likely"


def test_corpus_reader_gives_supported_monophonic_tunes() -> None:
    from music21 import corpus as m21corpus

    from engine.theory.meters import METERS
    from engine.theory.scales import KEYS, SCALES
    from scripts import corpus

    path = sorted(m21corpus.getComposer("airdsAirs"))[0]
    tunes = list(corpus.tunes_in_file(path, "airdsAirs"))
    assert len(tunes) > 20
    for tune in tunes:
        assert tune.key in KEYS and tune.scale in SCALES and tune.meter in METERS
        assert tune.title and tune.collection == "airdsAirs"
        starts = [start for _, start, _ in tune.notes]
        assert starts == sorted(starts)
        assert all(
            a[1] + a[2] <= b[1] + 1e-5 for a, b in zip(tune.notes, tune.notes[1:], strict=False)
        ), "one voice"
        assert tune.bars >= 1
