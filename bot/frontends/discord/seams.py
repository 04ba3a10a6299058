"""The typed seam between discord.py and this bot: an interaction's client is a MelodyBot.

discord.py types `Interaction.client` as its base `Client`; every interaction this bot
handles comes from the `MelodyBot` that registered the command or component, which
carries the intake, the game adapter and `post_melody`. `melody_bot(interaction)` says
so once, instead of an ignore at every use.

Public API: `melody_bot`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:  # a type only: client.py imports the modules that use this seam
    from bot.frontends.discord.client import MelodyBot


def melody_bot(interaction: discord.Interaction) -> MelodyBot:
    """The MelodyBot that received `interaction`."""
    return cast("MelodyBot", interaction.client)
