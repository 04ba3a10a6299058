"""`/guess` options go through the same grammar and errors as melody parameters."""

from __future__ import annotations

import pytest

from bot.services.game_options import parse_game_options
from engine.params import ParamError


def _error(subcommand: str, text: str) -> str:
    with pytest.raises(ParamError) as caught:
        parse_game_options(subcommand, text)
    return str(caught.value)


def test_defaults_fill_what_is_not_given():
    assert parse_game_options("start", "") == {"items": 4, "minutes": 10}
    assert parse_game_options("start", "items:6 minutes:1440") == {"items": 6, "minutes": 1440}
    assert parse_game_options("vote", "item:b guess:AI quality:5") == {
        "item": "B", "guess": "ai", "confidence": None, "quality": 5}
    assert parse_game_options("results", "scope:all") == {"scope": "all"}


@pytest.mark.parametrize(
    ("subcommand", "text", "message"),
    [
        ("start", "items:11", "items:11 is out of range. Allowed: 2–10 items."),
        ("start", "minutes:0", "minutes:0 is out of range. Allowed: 1–1440 min."),
        ("vote", "item:A guess:robot", "guess:robot is not a known guess. Allowed: ai, human."),
        ("vote", "item:A guess:ai confidence:6", "confidence:6 is out of range. Allowed: 1–5."),
        ("vote", "item:Z guess:ai", "item:Z is not a known item. Allowed: A, B, C, D, E, F, G, "
                                    "H, I, J."),
        ("vote", "guess:ai", "/guess vote needs item:. For example: /guess vote item:A guess:ai"),
        ("vote", "item:A guess:ai item:B", "item is given twice"),
        ("start", "item:A", 'Unknown parameter "item". Parameters: items, minutes. '
                            'Did you mean "items"?'),
        ("close", "now", "/guess close takes no options"),
    ],
)
def test_bad_options_get_one_clear_line(subcommand, text, message):
    error = _error(subcommand, text)
    assert message in error
    assert "\n" not in error


def test_a_vote_in_a_game_of_four_names_only_its_four_letters():
    assert parse_game_options("vote", "item:d guess:ai", letters="ABCD")["item"] == "D"
    with pytest.raises(ParamError) as caught:
        parse_game_options("vote", "item:E guess:ai", letters="ABCD")
    assert str(caught.value) == "item:E is not a known item. Allowed: A, B, C, D."
