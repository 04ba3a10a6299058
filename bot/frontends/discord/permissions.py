"""The bot's own permissions in a channel, read from what each interaction carries.

Replies to an interaction go through its webhook and need no channel permission, but a
game's timed reveal and its vote-count edits are posted by the bot itself through the
channel routes, which Discord refuses (403, code 50013 Missing Permissions) without View
Channel and Send Messages (Send Messages in Threads inside a thread). So a game is not
started where it could never be revealed, and a vote whose interaction says the bot can
no longer edit there does not try to; the member is told what is missing.
"""

from __future__ import annotations

import discord

from bot.errors import NotPermitted

# Permission flag (discord.Permissions attribute) -> the name Discord's settings show.
CHANNEL_POSTING = {"view_channel": "View Channel", "send_messages": "Send Messages"}
THREAD_POSTING = {"send_messages_in_threads": "Send Messages in Threads"}
EDITING = {"view_channel": "View Channel"}


def missing_channel_permissions(interaction: discord.Interaction) -> list[str]:
    """Names of the permissions the bot lacks to post in the interaction's channel itself."""
    if interaction.guild_id is None:
        return []  # a direct message: no server permissions apply
    needed = dict(CHANNEL_POSTING)
    if isinstance(interaction.channel, discord.Thread):
        needed |= THREAD_POSTING
    granted = interaction.app_permissions
    return [name for flag, name in needed.items() if not getattr(granted, flag)]


def missing_edit_permissions(interaction: discord.Interaction) -> list[str]:
    """Names of the permissions the bot lacks to edit its own messages in this channel.

    Read from the permissions this very interaction carries (they may have changed since
    the game started); editing one's own message needs only View Channel.
    """
    if interaction.guild_id is None:
        return []
    granted = interaction.app_permissions
    return [name for flag, name in EDITING.items() if not getattr(granted, flag)]


def require_channel_posting(interaction: discord.Interaction) -> None:
    """Raise NotPermitted, naming what is missing, when the bot cannot post here itself."""
    missing = missing_channel_permissions(interaction)
    if missing:
        raise NotPermitted(
            f"I can't post in this channel myself (missing {', '.join(missing)}), so a "
            "game's reveal could never appear here. Ask an admin to grant those permissions."
        )
