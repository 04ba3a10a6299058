"""`/guess` options go through the same grammar and errors as melody parameters."""

from __future__ import annotations

import re

import pytest

from bot.services.games.options import (
    GAME_OPTIONS,
    GUESS_ACTIONS,
    SUBCOMMAND_OPTIONS,
    find_action,
    parse_game_options,
    require_options,
    split_file_options,
)
from engine.errors import ParamError


def _error(subcommand: str, text: str) -> str:
    with pytest.raises(ParamError) as caught:
        parse_game_options(subcommand, text)
    return str(caught.value)


def test_defaults_fill_what_is_not_given():
    # A game left without items or minutes takes the chat's settings (the service's job).
    assert parse_game_options("start", "") == {"items": None, "minutes": None}
    assert parse_game_options("start", "items:6 minutes:1440") == {"items": 6, "minutes": 1440}
    assert parse_game_options("vote", "item:b guess:AI quality:5") == {
        "item": "B",
        "guess": "ai",
        "confidence": None,
        "quality": 5,
    }
    assert parse_game_options("results", "scope:all") == {"scope": "all", "by": None}
    assert parse_game_options("submit", 'authorship:public_domain source:"O\'Neill, 1903"') == {
        "authorship": "public_domain",
        "source": "O'Neill, 1903",
    }
    assert parse_game_options("settings", "submissions:off min_role:producer") == {
        "default_items": None,
        "default_minutes": None,
        "starters": None,
        "submissions": False,
        "min_experience": None,
        "min_role": "producer",
    }


@pytest.mark.parametrize(
    ("subcommand", "text", "message"),
    [
        ("start", "items:11", "items:11 is out of range. Allowed: 2–10 items."),
        ("start", "minutes:0", "minutes:0 is out of range. Allowed: 1–1440 min."),
        ("vote", "item:A guess:robot", "guess:robot is not a known guess. Allowed: ai, human."),
        ("vote", "item:A guess:ai confidence:6", "confidence:6 is out of range. Allowed: 1–5."),
        (
            "vote",
            "item:Z guess:ai",
            "item:Z is not a known item. Allowed: A, B, C, D, E, F, G, H, I, J.",
        ),
        ("vote", "guess:ai", "/guess vote needs item:. For example: /guess vote item:A guess:ai"),
        ("vote", "item:A guess:ai item:B", "item is given twice"),
        (
            "start",
            "item:A",
            'Unknown parameter "item". Parameters: items, minutes. Did you mean "items"?',
        ),
        ("close", "now", "/guess close takes no options"),
        (
            "submit",
            "",
            "/guess submit needs authorship:. For example: /guess submit authorship:own (you "
            'wrote it) or authorship:public_domain source:"where it comes from".',
        ),
        (
            "submit",
            "authorship:mine",
            "authorship:mine is not a known authorship. Allowed: own, public_domain.",
        ),
        ("submit", "authorship:public_domain source:" + "x" * 201, "source: has 201 characters"),
        (
            "profile",
            "experience:1-3y role:dj",
            "role:dj is not a known role. Allowed: listener, musician, producer.",
        ),
        ("profile", "role:producer", "/guess profile needs experience:."),
        (
            "settings",
            "starters:mods",
            "starters:mods is not a known starters. Allowed: everyone, admins.",
        ),
        ("results", "by:age", "by:age is not a known by. Allowed: experience, role."),
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


def test_every_action_is_declared_once_with_a_name_every_platform_accepts():
    names = [action.name for action in GUESS_ACTIONS]
    assert len(set(names)) == len(names)
    for action in GUESS_ACTIONS:
        # Telegram and Discord both accept [a-z0-9_] (Discord: 1-32 characters).
        assert re.fullmatch(r"[a-z0-9_]{1,32}", action.name), action.name
        assert action.help and len(action.help) <= 100  # Discord's description limit
        assert set(action.required) <= set(action.options) <= set(p.name for p in GAME_OPTIONS)
    assert SUBCOMMAND_OPTIONS["vote"] == ("item", "guess", "confidence", "quality")
    assert "submit" not in SUBCOMMAND_OPTIONS  # it takes a file, and options beside it


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("start", "start"),
        ("Forget-Me", "forget_me"),
        ("forget_me", "forget_me"),
        ("forget", "forget_me"),
        ("LEADERBOARD", "leaderboard"),
    ],
)
def test_actions_are_found_by_any_spelling(typed, name):
    assert find_action(typed).name == name


def test_an_unknown_action_names_them_all_and_the_closest():
    with pytest.raises(ParamError) as caught:
        find_action("strat")
    assert str(caught.value) == (
        'Unknown /guess action "strat". Actions: start, vote, close, '
        "results, leaderboard, submit, approve, export, profile, settings, forget_me. "
        'Did you mean "start"?'
    )


def test_typed_and_discord_options_share_the_required_rule():
    with pytest.raises(ParamError) as caught:
        require_options("vote", {"guess"})
    assert str(caught.value) == _error("vote", "guess:ai")
    require_options("vote", {"item", "guess"})  # nothing missing: no error


def test_a_long_unknown_action_or_stray_options_are_quoted_short() -> None:
    from bot.services.games.options import find_action, parse_game_options

    with pytest.raises(ParamError) as unknown:
        find_action("x" * 3000 + "\x1b[31m")
    with pytest.raises(ParamError) as stray:
        parse_game_options("forget_me", "y" * 3000)
    for error in (unknown.value, stray.value):
        assert len(str(error)) < 300 and "…" in str(error) and "\x1b" not in str(error)


@pytest.mark.parametrize(
    ("text", "path", "options"),
    [
        ("tunes/my reel.mid authorship:own", "tunes/my reel.mid", "authorship:own"),
        (
            '"a b.mid" Authorship:public_domain source:"x y"',
            '"a b.mid"',
            'Authorship:public_domain source:"x y"',
        ),
        ("reel.mid", "reel.mid", ""),
        ("authorship:own", "", "authorship:own"),
    ],
)
def test_a_submitted_files_path_and_its_options_are_told_apart(text, path, options):
    assert split_file_options("submit", text) == (path, options)
