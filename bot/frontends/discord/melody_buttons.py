"""New and Variation buttons under a melody: persistent, because the custom_id carries everything.

`mnew:<params>` composes the same parameters with a new seed; `mvar:<n>:<params>`
composes variation n (same seed, same opening motif, the rest varied). They are
`DynamicItem`s registered on the client, so a press is understood after a restart.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.frontends.discord.intake import admit_component
from bot.frontends.discord.replies import answering
from bot.frontends.discord.seams import melody_bot
from bot.services.param_codec import MAX_VARIATION, decode_params, encode_params
from engine.params.melody import MelodyParams

__all__ = ["DYNAMIC_ITEMS", "MAX_VARIATION", "melody_buttons"]


async def _compose(interaction: discord.Interaction, params: MelodyParams, variation: int) -> None:
    # The client (bot.discord.client.MelodyBot) owns the services and the melody flow.
    await melody_bot(interaction).post_melody(interaction, params, variation)


class NewMelodyButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"mnew:(?P<code>[0-9a-z]+)"
):
    """Same parameters, a new random seed."""

    def __init__(self, code: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="New", emoji="🎲", style=discord.ButtonStyle.primary, custom_id=f"mnew:{code}"
            )
        )
        self.code = code

    interaction_check = staticmethod(admit_component)  # see bot/discord/intake.py

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NewMelodyButton:
        return cls(match["code"])

    async def callback(self, interaction: discord.Interaction) -> None:
        async with answering(interaction):  # discord.py would only log what escapes
            await _compose(interaction, decode_params(self.code, new_seed=True), 0)


class VariationButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"mvar:(?P<variation>\d+):(?P<code>[0-9a-z]+)",
):
    """Variation n+1 of the melody the button sits under."""

    def __init__(self, variation: int, code: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Variation",
                emoji="🔁",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mvar:{variation}:{code}",
            )
        )
        self.variation = variation
        self.code = code

    interaction_check = staticmethod(admit_component)  # see bot/discord/intake.py

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VariationButton:
        return cls(int(match["variation"]), match["code"])

    async def callback(self, interaction: discord.Interaction) -> None:
        async with answering(interaction):  # discord.py would only log what escapes
            await _compose(interaction, decode_params(self.code), self.variation)


def melody_buttons(params: MelodyParams, variation: int = 0) -> discord.ui.View:
    """The New and Variation buttons for a melody posted as `variation` (0 = the original)."""
    code = encode_params(params)
    view = discord.ui.View(timeout=None)
    view.add_item(NewMelodyButton(code))
    view.add_item(VariationButton(min(variation + 1, MAX_VARIATION), code))
    return view


DYNAMIC_ITEMS = (NewMelodyButton, VariationButton)
