"""Inline keyboards and the callback_data their buttons carry (each ≤ 64 bytes).

Formats (the first field names the action; parsed by `parse_callback`):

- `mn:<code>`: New melody with the packed parameters but a fresh seed;
- `mv:<n>:<code>`: variation n of the packed parameters (same seed);
- `mf:<n>:<code>`: the files (.mid, .abc, .musicxml) of variation n of those parameters;
- `gv:<game>:<item>:<ai|human>`: a game vote;
- `gc:<game>:<item>:<1-5>` / `gq:<game>:<item>:<1-5>`: confidence / quality of the
  member's vote on that item.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.games.options import GAME_OPTIONS, guess_label
from bot.services.param_codec import MAX_VARIATION, encode_params
from engine.params.melody import MelodyParams

MAX_CALLBACK_BYTES = 64
# The guesses and the rating buttons' values, from the games' option table.
CHOICES = {guess: guess_label(guess) for guess in GAME_OPTIONS["guess"].choices}


def _score_range(name: str) -> range:
    """The values of a numeric game option (confidence, quality), from its table entry."""
    low, high = GAME_OPTIONS[name].minimum, GAME_OPTIONS[name].maximum
    if low is None or high is None:
        raise ValueError(f"{name} is not a numeric game option")
    return range(low, high + 1)


SCORES = {name: _score_range(name) for name in ("confidence", "quality")}


@dataclass(frozen=True)
class Callback:
    """A decoded button press: its action and the remaining fields."""

    action: str
    fields: tuple[str, ...]


def _data(*fields: object) -> str:
    """Fields joined with ':'. Every format above has a bounded worst case (parameters at
    their largest code, variation capped, a 64-bit game id) that fits 64 bytes, as
    tests/bot/test_param_codec.py checks; getting past it here would be a bug."""
    data = ":".join(str(f) for f in fields)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback_data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def parse_callback(data: str) -> Callback:
    action, *fields = data.split(":")
    return Callback(action, tuple(fields))


def melody_keyboard(params: MelodyParams, variation: int = 0) -> InlineKeyboardMarkup:
    """New (fresh seed), Variation (next variation of these exact parameters) and Files
    (this melody's .mid, .abc and .musicxml, sent only when asked, so the chat is not flooded)."""
    code = encode_params(params)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("🎲 New", callback_data=_data("mn", code)),
                InlineKeyboardButton(
                    "🔁 Variation",
                    callback_data=_data("mv", min(variation + 1, MAX_VARIATION), code),
                ),
                InlineKeyboardButton("📄 Files", callback_data=_data("mf", variation, code)),
            ]
        ]
    )


def vote_keyboard(game: int, letter: str) -> InlineKeyboardMarkup:
    """Under a game item: AI / Human, then how sure (1-5) and how good (1-5).

    The ratings sit on the item's own message, so a vote costs no extra message
    in the chat (groups may receive only about 20 bot messages a minute).
    """
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=_data("gv", game, letter, choice))
                for choice, label in CHOICES.items()
            ],
            [
                InlineKeyboardButton(
                    f"Sure {n}" if n == 1 else str(n), callback_data=_data("gc", game, letter, n)
                )
                for n in SCORES["confidence"]
            ],
            [
                InlineKeyboardButton(
                    f"Quality {n}" if n == 1 else str(n), callback_data=_data("gq", game, letter, n)
                )
                for n in SCORES["quality"]
            ],
        ]
    )
