"""What games look like on Discord: the game message, the reveal, results and leaderboards.

Texts come from the games service's results (`bot.services.game_models`); this module only
lays them out as embeds. Members are shown by their display name; a voter whose name is not
known (an id `discord:123`) is shown as a mention.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import discord

from bot.frontends.discord.limits import MAX_EMBED_DESCRIPTION_CHARS, fit_embed, fit_text
from bot.frontends.discord.melody_reply import EMBED_COLOUR
from bot.services.games.stats import format_table, percent

if TYPE_CHECKING:
    from bot.services.games.models import Results, Reveal, StartedGame

CHART_NAME = "chart.png"
VOTERS_FIELD = "Voters so far"


def mention(voter: str) -> str:
    """'discord:123' -> '<@123>'; other platforms' ids stay as they are."""
    platform, _, user = voter.partition(":")
    return f"<@{user}>" if platform == "discord" and user.isdigit() else voter


def _mentions(text: str) -> str:
    return re.sub(r"discord:(\d+)", r"<@\1>", text)


def game_embed(started: StartedGame, starter_name: str) -> discord.Embed:
    """The game message: how to play, when it closes, and (updated later) how many voted."""
    closes = int(started.closes_at.timestamp())
    letters = [item.letter for item in started.items]
    embed = discord.Embed(
        title=f"Game {started.game_id}: AI or human?",
        colour=EMBED_COLOUR,
        description=(
            f"Listen to the {len(letters)} melodies {letters[0]}–{letters[-1]} below. Some were "
            "composed by the bot, some by people. Press **AI** or **Human** for each; then you "
            "can rate how sure you are and how good it sounds. Voting again replaces your vote.\n"
            f"Voting closes <t:{closes}:R> (<t:{closes}:t>)."
        ),
    )
    embed.add_field(name=VOTERS_FIELD, value="0")
    embed.set_footer(
        text=f"Started by {starter_name}. How anyone voted stays secret until the reveal."
    )
    return fit_embed(embed)


def with_voter_count(embed: discord.Embed, voters: int) -> discord.Embed:
    """The game embed with its voter count (never how anyone voted) updated."""
    for index, field in enumerate(embed.fields):
        if field.name == VOTERS_FIELD:
            embed.set_field_at(index, name=VOTERS_FIELD, value=str(voters))
            return fit_embed(embed)
    return fit_embed(embed.add_field(name=VOTERS_FIELD, value=str(voters)))


def game_files(started: StartedGame) -> list[discord.File]:
    """One MP3 per item, named by its letter only (nothing that gives the source away)."""
    return [
        discord.File(io.BytesIO(item.rendered.mp3 or b""), filename=f"{item.letter}.mp3")
        for item in started.items
    ]


def chart_file(png: bytes) -> discord.File:
    return discord.File(io.BytesIO(png), filename=CHART_NAME)


def reveal_embed(reveal: Reveal) -> discord.Embed:
    """Truth and provenance per item, each voter's score, the study table, and the chart."""
    closer = (
        "time's up"
        if reveal.closed_by == "timer"
        else f"closed by {reveal.closed_by_name or mention(reveal.closed_by or '')}"
    )
    lines = [f"**The answers** ({closer}):", *(item.text() for item in reveal.items), ""]
    if reveal.scores:
        lines.append("**Scores:**")
        lines += [
            f"{row.name or mention(row.voter)}: {row.correct} of {row.n} right "
            f"({percent(row.accuracy)})"
            for row in reveal.scores
        ]
    else:
        lines.append("Nobody voted.")
    table = f"\n**Study table:**\n```\n{format_table(reveal.table)}\n```"
    # Answers and scores give way ("… and N more") before the study table does.
    body = fit_text("\n".join(lines), MAX_EMBED_DESCRIPTION_CHARS - len(table)) + table
    embed = discord.Embed(
        title=f"Game {reveal.game_id} is over", colour=EMBED_COLOUR, description=body
    )
    embed.set_image(url=f"attachment://{CHART_NAME}")
    return fit_embed(embed)


def results_embed(results: Results) -> discord.Embed:
    """The study table over one game (with its reveal) or over all games of the channel."""
    if results.reveal is not None:
        embed = reveal_embed(results.reveal)
    else:
        embed = discord.Embed(
            title=results.title,
            colour=EMBED_COLOUR,
            description=f"```\n{format_table(results.table)}\n```",
        )
        embed.set_image(url=f"attachment://{CHART_NAME}")
    # Calibration, quality by source, the analysis and any split by profile, one field each.
    for part in filter(None, results.analysis.split("\n\n")):
        embed.add_field(name="Study", value=f"```\n{part}\n```", inline=False)
    return fit_embed(embed)


def leaderboard_embed(text: str) -> discord.Embed:
    """The service's leaderboard text; voters without a known name as mentions."""
    title, _, rows = text.partition("\n")
    return fit_embed(discord.Embed(title=title, colour=EMBED_COLOUR, description=_mentions(rows)))
