"""The study chart is a real PNG of a sensible size, with or without votes."""

from __future__ import annotations

import io

from matplotlib.image import imread

from bot.chart import study_chart_png
from bot.stats import Judgement, study_table


def _pixels(png: bytes):
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return imread(io.BytesIO(png), format="png")


def test_chart_of_a_game_is_an_800_by_360_png():
    votes = [Judgement("a", "ai", "ai", 3, 3), Judgement("a", "human", "ai", 4, 5),
             Judgement("b", "ai", "human", 2, 4), Judgement("b", "human", "human", 5, 4)]
    png = study_chart_png(study_table(votes), "Game 1")
    assert _pixels(png).shape[:2] == (360, 800)
    assert len(png) < 200_000


def test_chart_without_votes_still_draws():
    assert _pixels(study_chart_png(study_table([]))).shape[:2] == (360, 800)
