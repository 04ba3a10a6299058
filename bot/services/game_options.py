"""The options of the `/guess` commands, declared once as a ParamSchema.

They are parsed with `bot.grammar.parse_command` like melody parameters, so
errors read the same way. Each sub-command takes a subset of `GAME_OPTIONS`.

Public API: `GAME_OPTIONS`, `SUBCOMMAND_OPTIONS`, `LETTERS`, `GUESSES`, `parse_game_options`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from string import ascii_uppercase

from bot.grammar import parse_command
from bot.stats import AI, DEFAULT_MIN_JUDGEMENTS, HUMAN
from engine.params import SEED_MAX, Param, ParamError, ParamSchema

MIN_ITEMS, MAX_ITEMS, DEFAULT_ITEMS = 2, 10, 4
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 1, 24 * 60, 10
LETTERS: tuple[str, ...] = tuple(ascii_uppercase[:MAX_ITEMS])
GUESSES: tuple[str, ...] = (AI, HUMAN)
SCOPES: tuple[str, ...] = ("game", "all")

GAME_OPTIONS = ParamSchema((
    Param("items", "Melodies in the game, half AI and half human.", DEFAULT_ITEMS,
          minimum=MIN_ITEMS, maximum=MAX_ITEMS, unit="items"),
    Param("minutes", "Minutes until voting closes (up to 24 hours).", DEFAULT_MINUTES,
          minimum=MIN_MINUTES, maximum=MAX_MINUTES, unit="min"),
    Param("item", "Letter of the melody you judge.", None, choices=LETTERS),
    Param("guess", "Who made it: ai or human.", None, choices=GUESSES),
    Param("confidence", "How sure you are, 1 (guessing) to 5 (certain).", None,
          minimum=1, maximum=5),
    Param("quality", "How good it sounds, 1 (poor) to 5 (excellent).", None,
          minimum=1, maximum=5),
    Param("scope", "Results of the latest game, or of all games in this chat.", "game",
          choices=SCOPES),
    Param("min", "Judgements a member needs to be on the leaderboard.", DEFAULT_MIN_JUDGEMENTS,
          minimum=1, maximum=1000, aliases=("min_judgements",)),
    Param("submission", "Number of the submission to approve; leave out to list them.", None,
          minimum=1,
          maximum=SEED_MAX, aliases=("id",)),
))  # fmt: skip

# Which options each sub-command takes, and which of them must be given.
SUBCOMMAND_OPTIONS: dict[str, tuple[str, ...]] = {
    "start": ("items", "minutes"),
    "vote": ("item", "guess", "confidence", "quality"),
    "close": (),
    "results": ("scope",),
    "leaderboard": ("min",),
    "export": (),
    "approve": ("submission",),
}
# (`approve` without a submission lists the ones waiting, so it requires nothing.)
REQUIRED: dict[str, tuple[str, ...]] = {"vote": ("item", "guess")}
_EXAMPLES = {"vote": "item:A guess:ai confidence:4 quality:3"}


def guess_label(guess: str) -> str:
    """How a guess is shown on buttons: 'ai' -> 'AI', 'human' -> 'Human'."""
    return guess.upper() if guess == AI else guess.capitalize()


def rating_labels(name: str) -> tuple[str, ...]:
    """Labels of a rating option's values, ends explained: ('1 · guessing', '2', …, '5 · certain').

    The words for the ends come from the option's help, '… 1 (guessing) to 5 (certain).'.
    """
    param = GAME_OPTIONS[name]
    low, high = param.minimum, param.maximum
    assert low is not None and high is not None
    ends = {low: _word_after(param.help, low), high: _word_after(param.help, high)}
    return tuple(f"{n} · {ends[n]}" if ends.get(n) else str(n) for n in range(low, high + 1))


def _word_after(help_text: str, number: int) -> str:
    """'guessing' for 1 in '… 1 (guessing) to 5 (certain).'; '' when the help has none."""
    found = re.search(rf"\b{number} \(([^)]+)\)", help_text)
    return found[1] if found else ""


def schema_for(subcommand: str, letters: Sequence[str] = ()) -> ParamSchema:
    """The options one sub-command accepts, taken from GAME_OPTIONS.

    `letters`, when given, are the items of the game at hand: `item` then allows only those.
    """
    params = [GAME_OPTIONS[name] for name in SUBCOMMAND_OPTIONS[subcommand]]
    if letters:
        params = [dataclasses.replace(p, choices=tuple(letters)) if p.name == "item" else p
                  for p in params]
    return ParamSchema(tuple(params))


def parse_game_options(subcommand: str, text: str, *,
                       letters: Sequence[str] = ()) -> dict[str, str | int | bool | None]:
    """Validate a sub-command's `name:value` text; fill defaults; insist on required options.

    `letters`: the open game's item letters, so a wrong item is answered with those only.
    """
    schema = schema_for(subcommand, letters)
    given = parse_command(text, schema) if schema.params else _no_options(subcommand, text)
    missing = [name for name in REQUIRED.get(subcommand, ()) if name not in given]
    if missing:
        wanted = " and ".join(f"{name}:" for name in missing)
        raise ParamError(
            f"/guess {subcommand} needs {wanted}. For example: /guess {subcommand} "
            f"{_EXAMPLES[subcommand]}.",
            subcommand,
        )
    return {p.name: given.get(p.name, p.default) for p in schema}


def _no_options(subcommand: str, text: str) -> dict:
    if text.strip():
        raise ParamError(f"/guess {subcommand} takes no options (got {text.strip()!r}).", text)
    return {}
