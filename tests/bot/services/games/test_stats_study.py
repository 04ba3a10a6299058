"""The study analysis against scipy and statsmodels called directly on the same fixed votes."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import binomtest, norm, t, ttest_1samp, wilcoxon

from bot.services.games.stats import Judgement, study_table
from bot.services.games.stats_model import MODEL_LINE, clustered_accuracy
from bot.services.games.stats_participants import analyse_participants
from bot.services.games.stats_report import (
    analysis_text,
    calibration,
    comparison_line,
    quality_lines,
)
from bot.services.games.stats_split import split_lines

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
    text = analysis_text(votes, study_table(votes))
    assert MODEL_LINE in text and "Wilcoxon p = " in text
    # Calibration with its Wilson CI, as scipy's binomtest computes it directly.
    interval = binomtest(9, 12).proportion_ci(method="wilson")
    assert f"  1: 75.0% (9 of 12; {interval.low:.1%}–{interval.high:.1%})" in text


def test_below_the_minimums_it_says_so_instead_of_testing():
    votes = [v for v in _votes() if v.voter in ("p1", "p2")]
    analysis = analyse_participants(votes)
    assert analysis.t_p_value is None
    assert analysis.too_few == (
        "Too few to test: 2 participants and 16 judgements (tests need at least 5 "
        "participants and 20 judgements)."
    )
    assert "t-test" not in analysis_text(votes)


def test_quality_by_source_has_t_intervals_as_scipy_computes_them():
    ai_ratings = [2, 3, 3, 4, 1, 2]
    human_ratings = [4, 5, 3, 4]
    votes = [Judgement("a", "ai", "ai", None, q) for q in ai_ratings]
    votes += [Judgement("b", "human", "ai", None, q) for q in human_ratings]
    table = study_table(votes)
    for ratings, interval in (
        (ai_ratings, table.quality_ai_ci),
        (human_ratings, table.quality_human_ci),
    ):
        expected = t.interval(
            0.95,
            len(ratings) - 1,
            loc=np.mean(ratings),
            scale=np.std(ratings, ddof=1) / np.sqrt(len(ratings)),
        )
        assert interval == pytest.approx(expected)
    low, high = table.quality_ai_ci
    assert quality_lines(table) == [
        f"Quality by source (1–5): AI 2.50 (95% CI {low:.2f}–{high:.2f}, n=6); "
        f"human 4.00 (95% CI {table.quality_human_ci[0]:.2f}–{table.quality_human_ci[1]:.2f}, n=4)"
    ]
    # One rating is a mean without an interval.
    single = study_table([Judgement("a", "ai", "ai", None, 4)])
    assert single.quality_ai_ci is None and single.mean_quality_ai == 4


def test_results_split_by_profile_with_wilson_intervals():
    votes = _votes()
    groups = {"p1": "producer", "p2": "producer", "p3": "listener"}  # p4-p6 never answered
    lines = split_lines(votes, groups, "role")
    assert lines[0] == "By role: accuracy (95% CI), participants, judgements"
    producers = binomtest(14, 16).proportion_ci(method="wilson")  # p1 8 + p2 6 of 16
    assert lines[1].split() == ["listener", "62.5%", *lines[1].split()[2:]]
    assert lines[2].startswith("  producer ")
    assert (
        f"87.5% ({producers.low:.1%}–{producers.high:.1%}), 2 participants, 16 judgements"
        in lines[2]
    )
    assert lines[3].startswith("  no profile") and "3 participants, 24 judgements" in lines[3]
    assert len(lines) == 4  # no musicians: no line
