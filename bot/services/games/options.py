"""The options of the `/guess` commands, declared once as a ParamSchema.

They are parsed with `bot.grammar.parse_command` like melody parameters, so
errors read the same way. Each action (`/guess start`, `/guess vote`, …) is
declared once in `GUESS_ACTIONS`, with its help and the subset of `GAME_OPTIONS`
it takes; every front end derives its commands, lists and help from it. Action
names use only [a-z0-9_], valid as a Discord subcommand and in Telegram and console
text alike; `find_action` also accepts each action's aliases ('forget-me').

Public API: `GAME_OPTIONS`, `GuessAction`, `GUESS_ACTIONS`, `find_action`,
`SUBCOMMAND_OPTIONS`, `REQUIRED`, `LETTERS`, `GUESSES`, `parse_game_options`,
`require_options`, `split_file_options`, `TextParam`, `checked_option`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from string import ascii_uppercase

from bot.errors import GameError
from bot.services.games.authorship import AUTHORSHIPS, HOW_TO_STATE, MAX_SOURCE_CHARS
from bot.services.games.chat_settings import ANY, STARTERS
from bot.services.games.profiles import EXPERIENCES, PROFILE_FIELDS, ROLES
from bot.services.games.stats import AI, DEFAULT_MIN_JUDGEMENTS, HUMAN
from bot.services.grammar import parse_command
from engine.errors import ParamError
from engine.human.submission import MAX_BYTES
from engine.params.melody import SEED_MAX
from engine.params.schema import Param, ParamSchema, did_you_mean, quoted

MIN_ITEMS, MAX_ITEMS, DEFAULT_ITEMS = 2, 10, 4
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 1, 24 * 60, 10
LETTERS: tuple[str, ...] = tuple(ascii_uppercase[:MAX_ITEMS])
GUESSES: tuple[str, ...] = (AI, HUMAN)
SCOPES: tuple[str, ...] = ("game", "all")
CHAT_DEFAULT = "this chat's setting"  # how help shows a default an admin may change


@dataclass(frozen=True)
class TextParam(Param):
    """A free-text option (a source, a title): control characters dropped, spaces folded,
    at most `max_chars` characters."""

    max_chars: int = MAX_SOURCE_CHARS

    def allowed(self) -> str:
        return f"text of up to {self.max_chars} characters"

    def parse(self, raw: str) -> str:
        text = " ".join("".join(c for c in raw if c.isprintable() or c.isspace()).split())
        if not text:
            raise ParamError(f"{self.name}: is empty. Allowed: {self.allowed()}.", raw)
        if len(text) > self.max_chars:
            raise ParamError(
                f"{self.name}: has {len(text)} characters. Allowed: {self.allowed()}.", raw
            )
        return text


GAME_OPTIONS = ParamSchema((
    # No default of their own: a game left without them takes the chat's settings.
    Param("items", "Melodies in the game, half AI and half human.", None,
          minimum=MIN_ITEMS, maximum=MAX_ITEMS, unit="items", default_label=CHAT_DEFAULT),
    Param("minutes", "Minutes until voting closes (up to 24 hours).", None,
          minimum=MIN_MINUTES, maximum=MAX_MINUTES, unit="min", default_label=CHAT_DEFAULT),
    Param("item", "Letter of the melody you judge.", None, choices=LETTERS),
    Param("guess", "Who made it: ai or human.", None, choices=GUESSES),
    Param("confidence", "How sure you are, 1 (guessing) to 5 (certain).", None,
          minimum=1, maximum=5),
    Param("quality", "How good it sounds, 1 (poor) to 5 (excellent).", None,
          minimum=1, maximum=5),
    Param("scope", "Results of the latest game, or of all games in this chat.", "game",
          choices=SCOPES),
    Param("names", "Add members' names to an export (admins only).", default=False,
          switch=True),
    Param("min", "Judgements a member needs to be on the leaderboard.", DEFAULT_MIN_JUDGEMENTS,
          minimum=1, maximum=1000, aliases=("min_judgements",)),
    Param("submission", "Number of the submission to approve; leave out to list them.", None,
          minimum=1,
          maximum=SEED_MAX, aliases=("id",)),
    Param("authorship", "Who wrote it: own (you) or public_domain (then give source:).", None,
          choices=AUTHORSHIPS),
    TextParam("source", "Where a public-domain melody comes from (book, collection, link).",
              None),
    Param("experience", "Your musical experience: none, hobby, 1-3 years or more.", None,
          choices=EXPERIENCES),
    Param("role", "What you mostly do: listen, play (musician) or produce.", None,
          choices=ROLES),
    Param("by", "Split the results by the members' profiles.", None,
          choices=tuple(PROFILE_FIELDS)),
    Param("default_items", "Melodies in a game when /guess start does not say.", None,
          minimum=MIN_ITEMS, maximum=MAX_ITEMS, unit="items"),
    Param("default_minutes", "Minutes a game stays open when /guess start does not say.", None,
          minimum=MIN_MINUTES, maximum=MAX_MINUTES, unit="min"),
    Param("starters", "Who may start games here: everyone or admins.", None, choices=STARTERS),
    Param("submissions", "Whether members may submit melodies here.", None, switch=True),
    Param("min_experience", "Least experience whose votes count in the results (any: all).",
          None, choices=(ANY, *EXPERIENCES)),
    Param("min_role", "Least role whose votes count in the results (any: all).", None,
          choices=(ANY, *ROLES)),
))  # fmt: skip


@dataclass(frozen=True)
class GuessAction:
    """One `/guess` action: its name, one line of help, and the options it takes.

    `options` are names in GAME_OPTIONS; `required` the ones that must be given, with
    `example` the options of a typical call. `takes_file`: the action takes a MIDI file
    (an attachment, a document, a path), not options. `aliases` are other spellings
    members may type.
    """

    name: str
    help: str
    options: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    example: str = ""
    takes_file: bool = False
    aliases: tuple[str, ...] = ()


GUESS_ACTIONS: tuple[GuessAction, ...] = (
    GuessAction("start", "Start an “AI or human?” listening game here.", ("items", "minutes")),
    GuessAction(
        "vote",
        "Say whether a melody is AI or human, how sure you are, how good it is.",
        ("item", "guess", "confidence", "quality"),
        required=("item", "guess"),
        example="item:A guess:ai confidence:4 quality:3",
    ),
    GuessAction("close", "Close the game now and reveal the answers (its starter or an admin)."),
    GuessAction(
        "results",
        "The study table of the latest game, or of all games here; by: splits it by profile.",
        ("scope", "by"),
    ),
    GuessAction("leaderboard", "Who tells AI from human best here.", ("min",)),
    GuessAction(
        "submit",
        f"Submit a melody you wrote (a MIDI file, at most "
        f"{MAX_BYTES // 1024} KB) for future games, saying who wrote it.",
        ("authorship", "source"),
        required=("authorship",),
        example=HOW_TO_STATE,
        takes_file=True,
    ),
    # Without a submission it lists the ones waiting, so it requires nothing.
    GuessAction(
        "approve",
        "Let a submitted melody into the games (admin); alone, list them.",
        ("submission",),
    ),
    GuessAction(
        "export",
        "Study data as a zip under pseudonyms: the latest game (its starter), or all (admin).",
        ("scope", "names"),
    ),
    GuessAction(
        "profile",
        "Tell the study your experience and role (asked once; answer again to update).",
        ("experience", "role"),
        required=("experience", "role"),
        example="experience:1-3y role:producer",
    ),
    GuessAction(
        "settings",
        "This chat's game settings; alone, show them. Admins change them.",
        (
            "default_items",
            "default_minutes",
            "starters",
            "submissions",
            "min_experience",
            "min_role",
        ),
    ),
    GuessAction(
        "forget_me",
        "Delete your votes, your submissions and your name.",
        aliases=("forget-me", "forget"),
    ),
)
ACTIONS: dict[str, GuessAction] = {action.name: action for action in GUESS_ACTIONS}
# Which options each action takes, and which of them must be given (file actions excepted).
SUBCOMMAND_OPTIONS: dict[str, tuple[str, ...]] = {
    a.name: a.options for a in GUESS_ACTIONS if not a.takes_file
}
REQUIRED: dict[str, tuple[str, ...]] = {a.name: a.required for a in GUESS_ACTIONS if a.required}


def find_action(typed: str) -> GuessAction:
    """The action a member typed ('Forget-Me' -> forget_me); ParamError naming the actions."""
    wanted = typed.strip().lower()
    for action in GUESS_ACTIONS:
        if wanted in (action.name, *action.aliases) or wanted.replace("-", "_") == action.name:
            return action
    names = [action.name for action in GUESS_ACTIONS]
    unknown = f'Unknown /guess action "{quoted(typed.strip())}". ' if typed.strip() else ""
    raise ParamError(f"{unknown}Actions: {', '.join(names)}.{did_you_mean(wanted, names)}", typed)


def guess_label(guess: str) -> str:
    """How a guess is shown on buttons: 'ai' -> 'AI', 'human' -> 'Human'."""
    return guess.upper() if guess == AI else guess.capitalize()


def rating_labels(name: str) -> tuple[str, ...]:
    """Labels of a rating option's values, ends explained: ('1 · guessing', '2', …, '5 · certain').

    The words for the ends come from the option's help, '… 1 (guessing) to 5 (certain).'.
    """
    param = GAME_OPTIONS[name]
    low, high = param.minimum, param.maximum
    if low is None or high is None:
        raise ValueError(f"{name} is not a rating with a range")
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
    params = [GAME_OPTIONS[name] for name in ACTIONS[subcommand].options]
    if letters:
        params = [
            dataclasses.replace(p, choices=tuple(letters)) if p.name == "item" else p
            for p in params
        ]
    return ParamSchema(tuple(params))


def parse_game_options(
    subcommand: str, text: str, *, letters: Sequence[str] = ()
) -> dict[str, str | int | bool | None]:
    """Validate a sub-command's `name:value` text; fill defaults; insist on required options.

    `letters`: the open game's item letters, so a wrong item is answered with those only.
    """
    schema = schema_for(subcommand, letters)
    given = parse_command(text, schema) if schema.params else _no_options(subcommand, text)
    require_options(subcommand, given)
    return {p.name: given.get(p.name, p.default) for p in schema}


def require_options(subcommand: str, given: Collection[str]) -> None:
    """ParamError when an option the action requires is not among `given` (option names)."""
    action = ACTIONS[subcommand]
    missing = [name for name in action.required if name not in given]
    if missing:
        wanted = " and ".join(f"{name}:" for name in missing)
        raise ParamError(
            f"/guess {subcommand} needs {wanted}. For example: /guess "
            f"{subcommand} {action.example}.",
            subcommand,
        )


def _no_options(subcommand: str, text: str) -> dict[str, str | int | bool]:
    if text.strip():
        raise ParamError(
            f'/guess {subcommand} takes no options (got "{quoted(text.strip())}").', text
        )
    return {}


def split_file_options(subcommand: str, text: str) -> tuple[str, str]:
    """A file action's text split into (the file's path or name, its `name:value` options).

    `/guess submit tunes/my reel.mid authorship:own` -> ('tunes/my reel.mid', 'authorship:own'):
    the options begin at the first of the action's option names followed by a colon.
    """
    names = [n for option in ACTIONS[subcommand].options for n in GAME_OPTIONS[option].names]
    if not names:
        return text.strip(), ""
    found = re.search(rf"(?:^|\s)(?:{'|'.join(map(re.escape, names))})\s*:", text, re.IGNORECASE)
    if found is None:
        return text.strip(), ""
    return text[: found.start()].strip(), text[found.start() :].strip()


def checked_option(name: str, value: object) -> int | str | bool | None:
    """`value` validated by the game option `name` (GAME_OPTIONS), or GameError in one line."""
    if value is None:
        return None
    try:
        return GAME_OPTIONS[name].parse(str(value))
    except ParamError as error:
        raise GameError(str(error)) from error
