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


def test_every_vote_value_lands_under_its_own_column():
    from datetime import UTC, datetime

    from bot.services.games.codebook import VOTE_COLUMNS
    from bot.services.games.export import VOTE_FIELDS, _vote
    from bot.services.games.stats import csv_text
    from bot.store import VoteRow

    vote = VoteRow(
        game_id=7,
        letter="C",
        source="human",
        title="t",
        voter="console:ann",
        guess="ai",
        confidence=4,
        quality=2,
        voted_at=datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
        shown_position=3,
        first_vote_seconds=12.5,
        changes=1,
    )
    row = _vote(
        vote, lambda member: "p-" + member[-3:], {"console:ann": "Ann"}, {"console:ann": True}
    )
    assert len(row) == len(VOTE_COLUMNS)
    [read] = list(csv.DictReader(io.StringIO(csv_text([row], VOTE_FIELDS))))
    assert read == {
        "game": "7",
        "item": "C",
        "shown_position": "3",
        "truth": "human",
        "participant": "p-ann",
        "participant_name": "Ann",
        "guess": "ai",
        "correct": "0",
        "confidence": "4",
        "quality": "2",
        "voted_at": "2026-11-28T09:00:00+00:00",
        "first_vote_seconds": "12.5",
        "changes": "1",
        "counted": "1",
    }
