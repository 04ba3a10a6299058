"""`/help [topic]`: the commands as registered and the melody parameters from the one table;
with a topic, what `bot.services.help_text.topic_help` says about it (as on Telegram and
the console), split over messages that fit Discord."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.frontends.discord.limits import MAX_FIELD_VALUE_CHARS, fit_embed, split_content
from bot.frontends.discord.melody_reply import EMBED_COLOUR
from bot.frontends.discord.options import MAX_CHOICES, display
from bot.frontends.discord.replies import send_error
from bot.services.help_text import TOPIC_HELP, help_topics, topic_help
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS
from engine.params.schema import Param


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
    """Lines grouped into field values of at most MAX_FIELD_VALUE_CHARS characters."""
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > MAX_FIELD_VALUE_CHARS:
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
            "Try `/melody key:D scale:minor mood:dramatic`; the same seed gives the same melody.\n"
            f"`/help topic:…` shows {TOPIC_HELP}."
        ),
    )
    for index, chunk in enumerate(_chunks(_command_lines(tree))):
        embed.add_field(name="Commands" if index == 0 else "\u200b", value=chunk, inline=False)
    for index, chunk in enumerate(_chunks(_parameter_lines())):
        embed.add_field(
            name="/melody parameters" if index == 0 else "\u200b", value=chunk, inline=False
        )
    return fit_embed(embed)


async def _topics(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete for the topic: the help topics that start with what was typed."""
    typed = current.strip().casefold()
    return [
        app_commands.Choice(name=topic, value=topic)
        for topic in help_topics()
        if topic.casefold().startswith(typed)
    ][:MAX_CHOICES]


async def _answer_topic(interaction: discord.Interaction, topic: str) -> None:
    """`/help topic:…` in as many ephemeral messages as it takes; a bad topic in one line."""
    try:
        parts = split_content(topic_help(topic))
    except ParamError as error:  # an unknown topic, or more than one
        await send_error(interaction, error)
        return
    await interaction.response.send_message(parts[0], ephemeral=True)
    for part in parts[1:]:
        await interaction.followup.send(part, ephemeral=True)


def help_command(tree: app_commands.CommandTree) -> app_commands.Command[Any, ..., Any]:
    """`/help [topic]`, answered ephemerally."""

    @app_commands.describe(topic="A parameter (key, mood, …), guess, or a /guess action or option.")
    @app_commands.autocomplete(topic=_topics)
    async def show_help(interaction: discord.Interaction, topic: str | None = None) -> None:
        if topic is not None and topic.strip():
            await _answer_topic(interaction, topic)
            return
        await interaction.response.send_message(embed=help_embed(tree), ephemeral=True)

    return app_commands.Command(
        name="help", description="What this bot does and how to use it.", callback=show_help
    )
