"""The study chart is a real PNG of a sensible size, with or without votes."""

from __future__ import annotations

import io

from matplotlib.image import imread

from bot.services.games.chart import (
    AI_COLOUR,
    ALL_COLOUR,
    CALIBRATION_COLOUR,
    HUMAN_COLOUR,
    study_chart_png,
)
from bot.services.games.stats import Judgement, study_table


def _pixels(png: bytes):
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return imread(io.BytesIO(png), format="png")


def test_chart_of_a_game_is_an_1100_by_360_png():
    votes = [
        Judgement("a", "ai", "ai", 3, 3),
        Judgement("a", "human", "ai", 4, 5),
        Judgement("b", "ai", "human", 2, 4),
        Judgement("b", "human", "human", 5, 4),
    ]
    png = study_chart_png(study_table(votes), "Game 1")
    assert _pixels(png).shape[:2] == (360, 1100)
    assert len(png) < 200_000


def test_chart_without_votes_still_draws():
    assert _pixels(study_chart_png(study_table([]))).shape[:2] == (360, 1100)


def _colour_columns(pixels, hex_colour: str) -> int:
    """How many pixel columns hold a bar of `hex_colour` (a bar's width, summed over bars)."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    close = (abs(pixels[:, :, :3] - rgb) < 0.02).all(axis=2)
    return int((close.sum(axis=0) > 10).sum())


def test_bars_are_drawn_in_each_sources_colour():
    votes = [
        Judgement("a", "ai", "ai", 3, 3),
        Judgement("a", "human", "ai", 4, 5),
        Judgement("b", "ai", "human", 2, 4),
        Judgement("b", "human", "human", 5, 4),
    ]
    pixels = _pixels(study_chart_png(study_table(votes), "Game 1"))
    # Accuracy bars (all, AI, human) and quality bars (AI, human) are all on the picture.
    assert _colour_columns(pixels, ALL_COLOUR) > 20
    assert _colour_columns(pixels, AI_COLOUR) > 40
    assert _colour_columns(pixels, HUMAN_COLOUR) > 40


def test_a_higher_accuracy_draws_a_taller_bar():
    def all_bar_height(correct: int) -> int:
        votes = [Judgement("a", "ai", "ai" if i < correct else "human", 3, 3) for i in range(10)]
        pixels = _pixels(study_chart_png(study_table(votes)))
        rgb = [int(ALL_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        return int((abs(pixels[:, :, :3] - rgb) < 0.02).all(axis=2).sum(axis=0).max())

    assert all_bar_height(9) > all_bar_height(3) > 0


def _calibration_points(pixels) -> list[int]:
    """Rows (from the top) of the calibration line's markers, left to right."""
    rgb = [int(CALIBRATION_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    close = (abs(pixels[:, :, :3] - rgb) < 0.02).all(axis=2)
    columns = [c for c in range(close.shape[1]) if close[:, c].sum() >= 6]  # a marker's width
    groups: list[list[int]] = []
    for c in columns:
        if groups and c - groups[-1][-1] <= 1:
            groups[-1].append(c)
        else:
            groups.append([c])
    return [int(close[:, g[len(g) // 2]].nonzero()[0].mean()) for g in groups]


def test_calibration_is_drawn_higher_where_the_confident_were_right():
    # Confidence 1: right 2 of 10; confidence 5: right 9 of 10.
    votes = [Judgement("a", "ai", "ai" if i < 2 else "human", 1) for i in range(10)]
    votes += [Judgement("b", "ai", "ai" if i < 9 else "human", 5) for i in range(10)]
    points = _calibration_points(_pixels(study_chart_png(study_table(votes))))
    assert len(points) == 2
    low_confidence, high_confidence = points
    assert high_confidence < low_confidence  # higher on the picture: a smaller row number


def test_without_confidences_there_is_no_calibration_line():
    votes = [Judgement("a", "ai", "ai"), Judgement("b", "human", "ai")]
    assert _calibration_points(_pixels(study_chart_png(study_table(votes)))) == []
