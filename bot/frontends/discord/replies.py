"""Answering interactions: acknowledging at once, and turning failures into ephemeral replies.

The text of every error comes from `bot.errors.user_message`, the one mapping from
exceptions to messages (it also logs unexpected errors with their traceback).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import discord

from bot.errors import user_message
from bot.frontends.discord.late_reply import post_late, token_expired
from bot.frontends.discord.limits import fit_text
from bot.services.actor import Actor, Role

log = logging.getLogger(__name__)


async def send_error(
    interaction: discord.Interaction, error: BaseException, *, replace_thinking: bool = False
) -> None:
    """Tell the member what went wrong, visible to them only.

    `replace_thinking`: the interaction was deferred publicly ("thinking…"); Discord would
    turn the first follow-up into that public message, so delete it first and answer
    ephemerally instead.
    """
    text = fit_text(user_message(error))
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True)
            return
        if replace_thinking:
            with contextlib.suppress(discord.HTTPException):
                await interaction.delete_original_response()
        await interaction.followup.send(text, ephemeral=True)
    except discord.HTTPException as error:
        if token_expired(error):  # over 15 minutes: the channel hears it, naming the member
            await post_late(interaction, text)
            return
        log.warning("could not deliver an error reply for interaction %s", interaction.id)


@contextlib.asynccontextmanager
async def answering(
    interaction: discord.Interaction, *, replace_thinking: bool = False
) -> AsyncIterator[None]:
    """Run a handler body; any exception becomes an ephemeral reply, never a dead bot."""
    try:
        yield
    except Exception as error:  # the one place a handler's failures end up
        await send_error(interaction, error, replace_thinking=replace_thinking)


def member_id(interaction: discord.Interaction) -> str:
    """The platform-qualified id of whoever acted: 'discord:123'."""
    return f"discord:{interaction.user.id}"


def member_name(interaction: discord.Interaction) -> str:
    """The name Discord shows for whoever acted (server nickname, else global name)."""
    return interaction.user.display_name


def chat_id(interaction: discord.Interaction) -> str:
    """The platform-neutral chat of an interaction: its channel id (or the DM's)."""
    return str(interaction.channel_id)


def actor_of(interaction: discord.Interaction) -> Actor:
    """Whoever acted, as the services know them: an admin has Manage Server in the channel."""
    role = Role.ADMIN if interaction.permissions.manage_guild else Role.MEMBER
    return Actor(member_id(interaction), member_name(interaction), role)
