"""`/melody`: one typed option per parameter of the one table, validated by the same schema."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.frontends.discord.options import as_pairs, with_schema_options
from bot.frontends.discord.replies import send_error
from bot.frontends.discord.seams import melody_bot
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, resolve

DESCRIPTION = "Compose a melody: audio, MIDI and a piano roll. Every option is optional."


async def melody(interaction: discord.Interaction, **options: Any) -> None:
    """Validate the options through the table, then compose and post (see melody_flow)."""
    try:
        params = resolve(as_pairs(options))
    except ParamError as error:  # its text is the answer; anything else is a bug (tree.on_error)
        await send_error(interaction, error)
        return
    await melody_bot(interaction).post_melody(interaction, params)


def melody_command() -> app_commands.Command[Any, ..., Any]:
    """The `/melody` command with its options derived from `MELODY_PARAMS`."""

    async def callback(interaction: discord.Interaction, **options: Any) -> None:
        await melody(interaction, **options)

    # The options come from the table at run time; discord.py checks the real signature.
    typed_callback: Any = with_schema_options(callback, MELODY_PARAMS)
    return app_commands.Command(
        name="melody",
        description=DESCRIPTION,
        callback=typed_callback,
    )
