"""Answers that arrive after the interaction's token expired (Discord keeps it 15 minutes).

A follow-up then fails with 401 "Invalid Webhook Token" (code 50027) or 404 "Unknown
Webhook" (10015). Every deferred answer goes through `follow_up`, so none is lost silently:

- a public answer (a melody, a game, a reveal, results) is posted to the channel instead,
  naming the member, when the bot may post there;
- a private (ephemeral) answer is not posted anywhere public: the member is told in the
  channel that it came too late, and asked to try again;
- where the channel refuses the bot too, the loss is logged with what is missing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot.frontends.discord.limits import fit_text
from bot.frontends.discord.permissions import missing_channel_permissions

log = logging.getLogger(__name__)

EXPIRED_TOKEN_CODES = frozenset({50027, 10015})  # Invalid Webhook Token, Unknown Webhook
UNAUTHORIZED = 401  # HTTP status of an expired interaction token
LATE_NOTE = "{mention}, this took longer than Discord waits for a reply (15 minutes); here it is."
LATE_PRIVATE_NOTE = (
    "{mention}, the queue was too long: your private answer came after Discord stopped "
    "waiting for it (15 minutes), so it cannot be shown to you. Please try again."
)


def token_expired(error: discord.HTTPException) -> bool:
    """Whether a follow-up failed because the interaction's token is no longer valid."""
    return error.code in EXPIRED_TOKEN_CODES or error.status == UNAUTHORIZED


async def follow_up(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    ephemeral: bool = False,
    **message: Any,
) -> discord.Message | None:
    """The answer to a deferred interaction, as `interaction.followup.send(..., wait=True)`.

    `message` holds the other keywords (embed, file, files, view). After the token expired
    the answer is posted to the channel (public) or replaced by a note there (private);
    returns the message posted, or None when nothing could be.
    """
    try:
        return await interaction.followup.send(
            fit_text(content) if content else discord.utils.MISSING,
            ephemeral=ephemeral,
            wait=True,
            **message,
        )
    except discord.HTTPException as error:
        if not token_expired(error):
            raise
    if ephemeral:
        note = LATE_PRIVATE_NOTE.format(mention=interaction.user.mention)
        return await _post(interaction, note)
    return await post_late(interaction, content, **message)


async def post_late(
    interaction: discord.Interaction, content: str | None, **message: Any
) -> discord.Message | None:
    """Post a result to the interaction's channel instead of a follow-up; None if not allowed.

    `message` holds the follow-up's other keywords (embed, file, files, view).
    """
    for file in _files(message):
        file.reset()  # the refused follow-up read them to the end
    note = LATE_NOTE.format(mention=interaction.user.mention)
    return await _post(interaction, f"{note}\n{content}" if content else note, **message)


async def _post(
    interaction: discord.Interaction, text: str, **message: Any
) -> discord.Message | None:
    channel = interaction.channel
    missing = missing_channel_permissions(interaction)
    if missing or not isinstance(channel, discord.abc.Messageable):
        log.warning(
            "the answer to interaction %s came after its token expired and the channel "
            "refuses posts (missing %s): it is lost",
            interaction.id,
            ", ".join(missing) or "a channel",
        )
        return None
    try:
        return await channel.send(content=fit_text(text), **message)
    except discord.HTTPException as error:
        log.warning(
            "the late answer to interaction %s was refused by Discord (%s %s): it is lost",
            interaction.id,
            error.status,
            error.text,
        )
        return None


def _files(message: dict[str, Any]) -> Sequence[discord.File]:
    single = message.get("file")
    return [*(message.get("files") or []), *([single] if single is not None else [])]
