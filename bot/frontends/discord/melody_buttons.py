"""New and Variation buttons under a melody: persistent, because the custom_id carries everything.

`mnew:<params>` composes the same parameters with a new seed; `mvar:<n>:<params>`
composes variation n (same seed, same opening motif, the rest varied). A picture other
than the default rides along as a last part, `mnew:<params>:pianoroll`, so the next
melody keeps the member's `picture:` choice (ids without it, older ones too, mean the
default). They are `DynamicItem`s registered on the client, so a press is understood
after a restart; `pressed_picture` reads the choice back for the melody flow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.frontends.discord.intake import admit_component
from bot.frontends.discord.melody_reply import PICTURE
from bot.frontends.discord.replies import answering
from bot.frontends.discord.seams import melody_bot
from bot.services.param_codec import MAX_VARIATION, decode_params, encode_params
from engine.params.melody import MelodyParams

__all__ = ["DYNAMIC_ITEMS", "MAX_VARIATION", "melody_buttons", "pressed_picture"]

# The optional last part of a button id: a `picture:` choice other than the default.
_PICTURE_PART = rf"(?::(?P<picture>{'|'.join(map(re.escape, PICTURE.choices))}))?"
NEW_TEMPLATE = r"mnew:(?P<code>[0-9a-z]+)" + _PICTURE_PART
VARIATION_TEMPLATE = r"mvar:(?P<variation>\d+):(?P<code>[0-9a-z]+)" + _PICTURE_PART


def _picture_part(picture: str) -> str:
    """The id's last part for `picture`: nothing for the default (ids stay as they were)."""
    return "" if picture == PICTURE.default else f":{picture}"


def pressed_picture(interaction: discord.Interaction) -> str | None:
    """The picture a pressed New/Variation button carries (the default when it carries
    none); None when `interaction` is not the press of one (a slash command)."""
    data: Mapping[str, object] = interaction.data or {}  # a slash command's has no custom_id
    custom_id = data.get("custom_id")
    for template in (NEW_TEMPLATE, VARIATION_TEMPLATE):
        found = re.fullmatch(template, str(custom_id)) if custom_id else None
        if found:
            return found["picture"] or str(PICTURE.default)
    return None


async def _compose(interaction: discord.Interaction, params: MelodyParams, variation: int) -> None:
    # The client (bot.discord.client.MelodyBot) owns the services and the melody flow.
    await melody_bot(interaction).post_melody(interaction, params, variation)


class NewMelodyButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=NEW_TEMPLATE
):
    """Same parameters, a new random seed (and the same picture)."""

    def __init__(self, code: str, picture: str = str(PICTURE.default)) -> None:
        super().__init__(
            discord.ui.Button(
                label="New",
                emoji="🎲",
                style=discord.ButtonStyle.primary,
                custom_id=f"mnew:{code}{_picture_part(picture)}",
            )
        )
        self.code = code

    interaction_check = staticmethod(admit_component)  # see bot/discord/intake.py

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NewMelodyButton:
        return cls(match["code"], match["picture"] or str(PICTURE.default))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with answering(interaction):  # discord.py would only log what escapes
            await _compose(interaction, decode_params(self.code, new_seed=True), 0)


class VariationButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=VARIATION_TEMPLATE,
):
    """Variation n+1 of the melody the button sits under (and the same picture)."""

    def __init__(self, variation: int, code: str, picture: str = str(PICTURE.default)) -> None:
        super().__init__(
            discord.ui.Button(
                label="Variation",
                emoji="🔁",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mvar:{variation}:{code}{_picture_part(picture)}",
            )
        )
        self.variation = variation
        self.code = code

    interaction_check = staticmethod(admit_component)  # see bot/discord/intake.py

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VariationButton:
        return cls(int(match["variation"]), match["code"], match["picture"] or str(PICTURE.default))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with answering(interaction):  # discord.py would only log what escapes
            await _compose(interaction, decode_params(self.code), self.variation)


def melody_buttons(
    params: MelodyParams, variation: int = 0, picture: str = str(PICTURE.default)
) -> discord.ui.View:
    """The New and Variation buttons for a melody posted as `variation` (0 = the original)
    with `picture` (a `PICTURE` choice), which the melodies they make keep."""
    code = encode_params(params)
    view = discord.ui.View(timeout=None)
    view.add_item(NewMelodyButton(code, picture))
    view.add_item(VariationButton(min(variation + 1, MAX_VARIATION), code, picture))
    return view


DYNAMIC_ITEMS = (NewMelodyButton, VariationButton)
