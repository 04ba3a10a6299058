"""Member-given text in a CSV export is inert in a spreadsheet: no new rows, no formulas."""

from __future__ import annotations

import csv
import io

import pytest

from bot.services.games.reports import CSV_COLUMNS, spreadsheet_text
from bot.services.games.stats import votes_csv


@pytest.mark.parametrize(
    "title", ['\r=HYPERLINK("http://x")', "=1+1", "\t+cmd", "  -2", "@SUM(A1)", "a\nb"]
)
def test_a_hostile_title_stays_one_inert_cell(title):
    text = votes_csv([{"game": 1, "title": spreadsheet_text(title)}], CSV_COLUMNS)
    # A spreadsheet splits rows at any CR or LF outside quotes.
    assert len(text.replace("\r", "\n").strip("\n").split("\n")) == 2
    [row] = list(csv.DictReader(io.StringIO(text)))
    cell = row["title"]
    assert not any(ord(c) < 32 for c in cell)
    assert cell.lstrip()[0] not in "=+-@" or cell.startswith("'")


def test_plain_text_is_kept_as_is():
    assert spreadsheet_text("Reel of Tulloch") == "Reel of Tulloch"
    assert spreadsheet_text(None) is None
