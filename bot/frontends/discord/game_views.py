"""The components of a game: AI/Human buttons per item, and the confidence/quality selects.

All are `DynamicItem`s whose custom_id carries what they need, so they keep working
after a restart with nothing held in memory:

- `gv:<game>:<letter>:<guess>` — a vote button on the game message;
- `gr:<game>:<letter>:<guess>:<confidence>:<quality>:<c|q>` — a rating select on the
  voter's ephemeral follow-up; it carries the vote as it was when the receipt was posted
  (0 = not rated), to show the chosen values. The adapter applies only the select that
  changed, to the vote as stored now: the member may have changed it on another receipt.

The callbacks hand over to `GameAdapter` (bot/discord/game_adapter.py) on the client;
anything that escapes becomes an ephemeral answer (discord.py would only log it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.frontends.discord.intake import admit_component
from bot.frontends.discord.replies import answering
from bot.frontends.discord.seams import melody_bot
from bot.services.games.options import GAME_OPTIONS, GUESSES, guess_label, rating_labels

if TYPE_CHECKING:
    from bot.frontends.discord.game_adapter import GameAdapter

ITEMS_PER_ROW = 2  # two items (four buttons) per row: ten items fit Discord's five rows
RATING_LABELS = {name: rating_labels(name) for name in ("confidence", "quality")}
FIELD_CODES = {"c": "confidence", "q": "quality"}


@dataclass(frozen=True)
class Ballot:
    """One member's judgement of one item as carried by the rating selects (0 = not rated)."""

    game_id: int
    letter: str
    guess: str
    confidence: int = 0
    quality: int = 0


def _adapter(interaction: discord.Interaction) -> GameAdapter:
    return melody_bot(interaction).games


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"gv:(?P<game>\d+):(?P<letter>[A-Z]):(?P<guess>ai|human)",
):
    """'AI' or 'Human' for one item of one game."""

    def __init__(self, game_id: int, letter: str, guess: str, row: int | None = None) -> None:
        style = discord.ButtonStyle.primary if guess == "ai" else discord.ButtonStyle.success
        label = f"{letter} · {guess_label(guess)}"
        super().__init__(
            discord.ui.Button(
                label=label, style=style, row=row, custom_id=f"gv:{game_id}:{letter}:{guess}"
            )
        )
        self.ballot = Ballot(game_id, letter, guess)

    interaction_check = staticmethod(admit_component)  # see bot/discord/intake.py

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        return cls(int(match["game"]), match["letter"], match["guess"])

    async def callback(self, interaction: discord.Interaction) -> None:
        async with answering(interaction):
            await _adapter(interaction).vote(interaction, self.ballot)


class RatingSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=(
        r"gr:(?P<game>\d+):(?P<letter>[A-Z]):(?P<guess>ai|human):"
        r"(?P<confidence>[0-5]):(?P<quality>[0-5]):(?P<field>[cq])"
    ),
):
    """Confidence or quality, 1-5, for a vote already cast."""

    def __init__(self, ballot: Ballot, field: str) -> None:
        name = FIELD_CODES[field]
        chosen = getattr(ballot, name)
        low, high = GAME_OPTIONS[name].minimum, GAME_OPTIONS[name].maximum
        options = [
            discord.SelectOption(label=label, value=str(value), default=value == chosen)
            for value, label in enumerate(RATING_LABELS[name], start=low or 1)
        ]
        custom_id = (
            f"gr:{ballot.game_id}:{ballot.letter}:{ballot.guess}:"
            f"{ballot.confidence}:{ballot.quality}:{field}"
        )
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                options=options,
                min_values=1,
                max_values=1,
                placeholder=f"{name.capitalize()} ({low}–{high})",
            )
        )
        self.ballot = ballot
        self.field_name = name

    interaction_check = staticmethod(admit_component)  # see bot/discord/intake.py

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RatingSelect:
        ballot = Ballot(
            int(match["game"]),
            match["letter"],
            match["guess"],
            int(match["confidence"]),
            int(match["quality"]),
        )
        return cls(ballot, match["field"])

    async def callback(self, interaction: discord.Interaction) -> None:
        async with answering(interaction):
            # A select's interaction data carries the chosen values.
            value = int(cast(dict[str, Any], interaction.data)["values"][0])
            await _adapter(interaction).rate(interaction, self.ballot, self.field_name, value)


def vote_view(game_id: int, letters: list[str]) -> discord.ui.View:
    """AI and Human buttons for every item, two items per row."""
    view = discord.ui.View(timeout=None)
    for index, letter in enumerate(letters):
        for guess in GUESSES:
            view.add_item(VoteButton(game_id, letter, guess, row=index // ITEMS_PER_ROW))
    return view


def rating_view(ballot: Ballot) -> discord.ui.View:
    """The two selects under a voter's private receipt."""
    view = discord.ui.View(timeout=None)
    view.add_item(RatingSelect(ballot, "c"))
    view.add_item(RatingSelect(ballot, "q"))
    return view


GAME_DYNAMIC_ITEMS = (VoteButton, RatingSelect)
