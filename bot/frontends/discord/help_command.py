"""`/help`: the commands as registered and the melody parameters from the one table."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.frontends.discord.melody_reply import EMBED_COLOUR
from bot.frontends.discord.options import MAX_CHOICES, display
from engine.params.melody import MELODY_PARAMS
from engine.params.schema import Param

MAX_FIELD = 1024  # characters, Discord's limit for one embed field value


def _values(param: Param) -> str:
    if len(param.choices) > MAX_CHOICES:
        return f"{len(param.choices)} choices; start typing to search"
    if param.choices:
        return ", ".join(display(c) for c in param.choices)
    return param.allowed()


def _parameter_lines() -> list[str]:
    lines = []
    for param in MELODY_PARAMS:
        text = param.default_text
        default = "" if text is None else f" (default {display(text)})"
        lines.append(f"**{param.name}** — {param.help} {_values(param)}{default}")
    return lines


def _command_lines(tree: app_commands.CommandTree) -> list[str]:
    lines = []
    for command in tree.get_commands():
        if isinstance(command, app_commands.Group):
            lines += [
                f"`/{command.name} {sub.name}` — {sub.description}" for sub in command.commands
            ]
        else:
            description = getattr(command, "description", "")  # context menus have none
            lines.append(f"`/{command.name}` — {description}")
    return lines


def _chunks(lines: list[str]) -> list[str]:
    """Lines grouped into field values of at most MAX_FIELD characters."""
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > MAX_FIELD:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks


def help_embed(tree: app_commands.CommandTree) -> discord.Embed:
    """Every command with its description, and every /melody parameter with values and default."""
    embed = discord.Embed(
        title="melodybot",
        colour=EMBED_COLOUR,
        description=(
            "Composes melodies from musical parameters and runs “AI or human?” listening games.\n"
            "Try `/melody key:D scale:minor mood:dramatic`; the same seed gives the same melody."
        ),
    )
    for index, chunk in enumerate(_chunks(_command_lines(tree))):
        embed.add_field(name="Commands" if index == 0 else "\u200b", value=chunk, inline=False)
    for index, chunk in enumerate(_chunks(_parameter_lines())):
        embed.add_field(
            name="/melody parameters" if index == 0 else "\u200b", value=chunk, inline=False
        )
    return embed


def help_command(tree: app_commands.CommandTree) -> app_commands.Command[Any, ..., Any]:
    """`/help`, answered ephemerally."""

    async def show_help(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=help_embed(tree), ephemeral=True)

    return app_commands.Command(
        name="help", description="What this bot does and how to use it.", callback=show_help
    )
