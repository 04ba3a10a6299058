"""The critic learned from the tunes tells human melodies from the composer's drafts, and
an old model file without it still loads."""

from __future__ import annotations

import numpy as np
from scipy.stats import mannwhitneyu

from engine.compose.composer import compose
from engine.human.pool import load_human_pool
from engine.model.critic import ARRAYS, PREFIX, Critic
from engine.model.critic_features import FEATURES, feature_vector, motion_class
from engine.model.melody_model import load_model


def test_motion_classes_name_repeats_steps_skips_and_leaps_by_direction() -> None:
    assert [motion_class(i) for i in (0, 1, -2, 3, -4, 5, -12)] == [0, 1, 2, 3, 4, 5, 6]


def test_features_see_a_scale_run_as_one_long_stepwise_run() -> None:
    run = [(60 + step, float(k), 1.0) for k, step in enumerate((0, 2, 4, 5, 7, 9, 11, 12))]
    features = feature_vector(run, 0, 4.0)
    assert features.shape == (FEATURES,)
    # Run-length shares sit after 25 interval bins, 7 classes, 49 bigrams, 27 trigrams.
    runs = features[25 + 7 + 49 + 27 : 25 + 7 + 49 + 27 + 7]
    assert runs[-1] == 1.0  # one run, of 7 moves or more


def test_the_critic_prefers_the_pools_human_tunes_it_never_saw_to_fresh_drafts() -> None:
    critic = load_model().critic
    assert critic is not None
    humans = [critic.score(m) for m in load_human_pool()[:60]]
    drafts = [
        critic.score(compose(m.params.replace(seed=k)))
        for k, m in enumerate(load_human_pool()[:60])
    ]
    auc = mannwhitneyu(humans, drafts).statistic / (len(humans) * len(drafts))
    assert auc > 0.7, auc


def test_a_model_file_without_a_critic_or_with_another_feature_set_has_none() -> None:
    assert Critic.from_arrays({}) is None
    arrays = {PREFIX + name: np.zeros(3) for name in ARRAYS}
    assert Critic.from_arrays(arrays) is None  # features of another length: not this critic
