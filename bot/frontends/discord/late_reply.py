"""Results that arrive after the interaction's token expired (Discord keeps it 15 minutes).

A follow-up then fails with 401 "Invalid Webhook Token" (code 50027) or 404 "Unknown
Webhook" (10015). The result is posted to the channel instead, naming the member, when the
bot may post there; otherwise the loss is logged. It is never dropped without a trace.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.frontends.discord.limits import fit_text
from bot.frontends.discord.permissions import missing_channel_permissions

log = logging.getLogger(__name__)

EXPIRED_TOKEN_CODES = frozenset({50027, 10015})  # Invalid Webhook Token, Unknown Webhook
UNAUTHORIZED = 401  # HTTP status of an expired interaction token
LATE_NOTE = "{mention}, this took longer than Discord waits for a reply (15 minutes); here it is."


def token_expired(error: discord.HTTPException) -> bool:
    """Whether a follow-up failed because the interaction's token is no longer valid."""
    return error.code in EXPIRED_TOKEN_CODES or error.status == UNAUTHORIZED


async def post_late(interaction: discord.Interaction, content: str | None, **message: Any) -> bool:
    """Post a result to the interaction's channel instead of a follow-up; False if not allowed.

    `message` holds the follow-up's other keywords (embed, files, view).
    """
    channel = interaction.channel
    missing = missing_channel_permissions(interaction)
    if missing or not isinstance(channel, discord.abc.Messageable):
        log.warning(
            "the result for interaction %s came after its token expired and the channel "
            "refuses posts (missing %s): it is lost",
            interaction.id,
            ", ".join(missing) or "a channel",
        )
        return False
    note = LATE_NOTE.format(mention=interaction.user.mention)
    text = fit_text(f"{note}\n{content}" if content else note)
    await channel.send(content=text, **message)
    return True
