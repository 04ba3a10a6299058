"""`/melody`: one typed option per parameter of the one table, validated by the same schema."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.frontends.discord.melody_flow import compose_and_post
from bot.frontends.discord.melody_reply import PICTURE
from bot.frontends.discord.options import as_pairs, with_schema_options
from bot.frontends.discord.replies import send_error
from bot.frontends.discord.seams import melody_bot
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, resolve
from engine.params.schema import ParamSchema

DESCRIPTION = "Compose a melody: audio, sheet music, MIDI, ABC, MusicXML. Every option is optional."
# The parameter table plus the post's own `picture` option.
OPTIONS = ParamSchema((*MELODY_PARAMS, PICTURE))


async def melody(interaction: discord.Interaction, **options: Any) -> None:
    """Validate the options through the table, then compose and post (see melody_flow)."""
    picture = str(options.pop(PICTURE.name, None) or PICTURE.default)
    try:
        params = resolve(as_pairs(options))
    except ParamError as error:  # its text is the answer; anything else is a bug (tree.on_error)
        await send_error(interaction, error)
        return
    await compose_and_post(melody_bot(interaction).services, interaction, params, picture=picture)


def melody_command() -> app_commands.Command[Any, ..., Any]:
    """The `/melody` command with its options derived from `MELODY_PARAMS`."""

    async def callback(interaction: discord.Interaction, **options: Any) -> None:
        await melody(interaction, **options)

    # The options come from the table at run time; discord.py checks the real signature.
    typed_callback: Any = with_schema_options(callback, OPTIONS)
    return app_commands.Command(
        name="melody",
        description=DESCRIPTION,
        callback=typed_callback,
    )
