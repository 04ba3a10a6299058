"""Study statistics against hand-computed values, including the study's own totals (23 of 40)."""

from __future__ import annotations

import csv
import io
from math import comb
from statistics import NormalDist

import pytest

from bot.services.games.stats import (
    Judgement,
    binomial_p_value,
    d_prime,
    format_leaderboard,
    format_table,
    leaderboard,
    percent,
    study_table,
    votes_csv,
    wilson_interval,
)


def study_judgements() -> list[Judgement]:
    """40 judgements shaped like the study: 23 correct, confidence 3.1, quality AI 3.6 / human 4.2.

    20 AI items (12 called AI) and 20 human items (11 called human).
    """
    judgements = []
    for i in range(20):
        judgements.append(
            Judgement(
                f"p{i}",
                "ai",
                "ai" if i < 12 else "human",
                confidence=4 if i < 4 else 3,
                quality=4 if i < 12 else 3,
            )
        )
    for i in range(20):
        judgements.append(
            Judgement(
                f"p{i}",
                "human",
                "human" if i < 11 else "ai",
                confidence=3,
                quality=5 if i < 4 else 4,
            )
        )
    return judgements


def test_study_totals_give_57_5_percent_and_the_exact_binomial_p_value():
    table = study_table(study_judgements())
    # Two-sided exact test by hand: 2 * P(X >= 23) for X ~ Binomial(40, 1/2).
    by_hand = 2 * sum(comb(40, k) for k in range(23, 41)) / 2**40
    assert table.n == 40
    assert table.correct == 23
    assert percent(table.accuracy) == "57.5%"
    assert table.p_value == pytest.approx(by_hand, rel=1e-12)
    assert table.p_value == pytest.approx(0.4296, abs=1e-4)
    assert binomial_p_value(23, 40) == pytest.approx(by_hand, rel=1e-12)


def test_wilson_interval_matches_the_formula_by_hand():
    z = NormalDist().inv_cdf(0.975)
    n, p = 40, 23 / 40
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    low, high = wilson_interval(23, 40)
    assert low == pytest.approx(centre - half, abs=1e-9)
    assert high == pytest.approx(centre + half, abs=1e-9)
    assert (percent(low), percent(high)) == ("42.2%", "71.5%")


def test_d_prime_uses_the_log_linear_correction():
    # 3 of 4 AI called AI, 1 of 4 human called AI: rates 3.5/5 and 1.5/5.
    z = NormalDist().inv_cdf
    assert d_prime(3, 4, 1, 4) == pytest.approx(z(0.7) - z(0.3), abs=1e-9)
    assert d_prime(3, 4, 1, 4) == pytest.approx(1.0488, abs=1e-4)
    # Perfect scores stay finite thanks to the correction.
    assert d_prime(4, 4, 0, 4) == pytest.approx(z(4.5 / 5) - z(0.5 / 5), abs=1e-9)


def test_table_splits_by_source_and_averages_ratings():
    table = study_table(study_judgements())
    z = NormalDist().inv_cdf
    assert (table.ai_correct, table.ai_n) == (12, 20)
    assert (table.human_correct, table.human_n) == (11, 20)
    assert percent(table.ai_accuracy) == "60.0%"
    assert percent(table.human_accuracy) == "55.0%"
    assert table.d_prime == pytest.approx(z(12.5 / 21) - z(9.5 / 21), abs=1e-9)
    assert table.mean_confidence == pytest.approx(3.1)
    assert table.mean_quality_ai == pytest.approx(3.6)
    assert table.mean_quality_human == pytest.approx(4.2)
    assert table.quality_difference == pytest.approx(-0.6)


def test_text_table_shows_the_study_figures():
    text = format_table(study_table(study_judgements()))
    assert "57.5% (23 of 40)" in text
    assert "p = 0.430" in text
    assert "[42.2%, 71.5%]" in text
    assert "60.0% (12 of 20)" in text
    assert "55.0% (11 of 20)" in text
    assert "3.1" in text and "3.6" in text and "4.2" in text and "-0.6" in text


def test_empty_and_one_sided_sets_leave_undefined_figures_blank():
    assert study_table([]).accuracy is None
    assert "Judgements" in format_table(study_table([]))
    only_ai = study_table([Judgement("a", "ai", "ai")])
    assert only_ai.d_prime is None
    assert only_ai.mean_quality_ai is None
    assert percent(only_ai.accuracy) == "100.0%"


def test_leaderboard_needs_a_minimum_and_ranks_by_accuracy():
    votes = (
        [Judgement("ann", "ai", "ai")] * 4
        + [Judgement("bob", "ai", "human")] * 2
        + [Judgement("bob", "human", "human")] * 3
        + [Judgement("cat", "ai", "ai")] * 2
    )
    rows = leaderboard(votes, min_judgements=3)
    assert [(r.voter, r.correct, r.n) for r in rows] == [("ann", 4, 4), ("bob", 3, 5)]
    text = format_leaderboard(rows, 3)
    assert text.splitlines()[0].startswith("1. ann")
    assert "60.0% (3 of 5)" in text
    assert format_leaderboard([], 3) == "No one has 3 or more judgements yet."


def test_csv_export_has_a_header_and_one_line_per_vote():
    text = votes_csv(
        [{"game": 1, "item": "A", "voter": "console:ann", "guess": "ai", "confidence": None}],
        ["game", "item", "voter", "guess", "confidence"],
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [
        {"game": "1", "item": "A", "voter": "console:ann", "guess": "ai", "confidence": ""}
    ]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_defused():
    text = votes_csv(
        [
            {
                "title": '=HYPERLINK("http://x")',
                "voter_name": "@admin",
                "voter": "+1",
                "guess": "-ai",
                "game": -1,
                "item": "A=B",
            }
        ],
        ["game", "item", "title", "voter", "voter_name", "guess"],
    )
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row == {
        "game": "-1",
        "item": "A=B",
        "title": '\'=HYPERLINK("http://x")',
        "voter": "'+1",
        "voter_name": "'@admin",
        "guess": "'-ai",
    }
