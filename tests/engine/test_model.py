"""The learned model: PPM smoothing, the shipped model file, and what it has learned."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.model import MODEL_PATH, TrainedModel, load_model
from engine.ppm import CachedPredictor, Counts, combine, predict

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


def test_shipped_model_file_is_small_and_loads() -> None:
    assert MODEL_PATH.exists(), "run scripts/train_model.py to build engine/data/"
    assert MODEL_PATH.stat().st_size <= MAX_MODEL_BYTES
    model = TrainedModel.load(MODEL_PATH)
    assert model.info["tunes"] >= 1000
    assert len(model.banned_ngrams) > 100_000
    assert isinstance(load_model(), TrainedModel)


def test_model_and_composition_do_not_need_music21() -> None:
    code = ("import sys; from engine.compose import compose; from engine.params import "
            "MelodyParams; compose(MelodyParams(seed=1)); "
            "print('music21' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_learned_model_prefers_steps_and_resolves_the_leading_tone() -> None:
    model = load_model()
    c_major = [60, 62, 64, 65, 67, 69, 71, 72, 74, 76]
    # After D-E (rising steps) in C major, a step is likelier than a leap of a ninth.
    weights = dict(zip(c_major, model.pitch_weights([62, 64], c_major, 0, 0, 1), strict=True))
    assert weights[65] > weights[74]
    # B (the leading tone) on a strong beat next: C above is likelier than A.
    weights = dict(zip(c_major, model.pitch_weights([67, 69, 71], c_major, 0, 0, 2),
                       strict=True))
    assert weights[72] > weights[69]
