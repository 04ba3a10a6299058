"""The study analysis against scipy and statsmodels called directly on the same fixed votes."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import norm, ttest_1samp, wilcoxon

from bot.services.games.stats import Judgement
from bot.services.games.stats_model import MODEL_LINE, clustered_accuracy
from bot.services.games.stats_participants import analyse_participants
from bot.services.games.stats_report import analysis_text, calibration, comparison_line

# Six participants, eight judgements each (four AI items, four human), as (truth, guess).
RIGHT_OF_EIGHT = {"p1": 8, "p2": 6, "p3": 5, "p4": 4, "p5": 7, "p6": 3}


def _votes() -> list[Judgement]:
    votes = []
    for voter, right in RIGHT_OF_EIGHT.items():
        for k in range(8):
            truth = "ai" if k % 2 == 0 else "human"
            wrong = "human" if truth == "ai" else "ai"
            votes.append(Judgement(voter, truth, truth if k < right else wrong, 1 + k % 5, 3))
    return votes


def test_per_participant_tests_match_scipy():
    analysis = analyse_participants(_votes())
    accuracies = [right / 8 for right in RIGHT_OF_EIGHT.values()]
    assert [s.accuracy for s in analysis.scores] == accuracies
    assert analysis.too_few is None
    assert analysis.t_p_value == pytest.approx(ttest_1samp(accuracies, 0.5).pvalue)
    assert analysis.wilcoxon_p_value == pytest.approx(
        wilcoxon([a - 0.5 for a in accuracies]).pvalue
    )
    # p1: all 4 AI called AI, all 4 human called human -> log-linear rates 4.5/5 and 0.5/5.
    assert analysis.scores[0].d_prime == pytest.approx(norm.ppf(0.9) - norm.ppf(0.1))


def test_gee_matches_statsmodels_directly():
    votes = _votes()
    correct = np.array([float(j.truth == j.guess) for j in votes])
    groups = np.repeat(np.arange(len(RIGHT_OF_EIGHT)), 8)
    fit = sm.GEE(
        correct,
        np.ones((len(votes), 1)),
        groups,
        family=sm.families.Binomial(),
        cov_struct=sm.cov_struct.Exchangeable(),
    ).fit()
    low, high = fit.conf_int()[0]
    model = clustered_accuracy(votes)
    assert model is not None
    assert model.accuracy == pytest.approx(correct.mean())  # intercept-only: the mean
    assert (model.ci_low, model.ci_high) == pytest.approx(
        (1 / (1 + np.exp(-low)), 1 / (1 + np.exp(-high)))
    )
    assert model.p_value == pytest.approx(fit.pvalues[0])


def test_calibration_and_comparison_with_the_study():
    votes = _votes()
    rows = calibration(votes)
    assert [level for level, _, _ in rows] == [1, 2, 3, 4, 5]
    assert sum(n for _, n, _ in rows) == len(votes)
    # k = 0 and k = 5 have confidence 1: k = 0 right for all six, k = 5 for p1, p2, p5.
    assert rows[0] == (1, 12, 6 + 3)
    assert comparison_line(votes) == (
        "This community: 68.8% (95% CI 54.7%–80.1%) vs the study's 57.5% (23/40)."
    )
    text = analysis_text(votes)
    assert MODEL_LINE in text and "Wilcoxon p = " in text and "  1: 75.0% (9 of 12)" in text


def test_below_the_minimums_it_says_so_instead_of_testing():
    votes = [v for v in _votes() if v.voter in ("p1", "p2")]
    analysis = analyse_participants(votes)
    assert analysis.t_p_value is None
    assert analysis.too_few == (
        "Too few to test: 2 participants and 16 judgements (tests need at least 5 "
        "participants and 20 judgements)."
    )
    assert "t-test" not in analysis_text(votes)
