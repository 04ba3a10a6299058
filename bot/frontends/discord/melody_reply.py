"""What a finished melody looks like on Discord: an embed and its attachments.

The embed lists every parameter as resolved (derived from the one table), the seed
and the duration; the attachments are the MP3 (plays inline), the .mid and the
piano-roll PNG, each only if it fits the interaction's attachment size limit.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord

from bot.frontends.discord.options import display
from engine.params.melody import MELODY_PARAMS

if TYPE_CHECKING:
    from bot.runtime.jobs import Rendered

EMBED_COLOUR = discord.Colour.from_rgb(88, 101, 242)


def _shown(value: str | int, unit: str) -> str:  # a bool is an int: shown on/off
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int):
        return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
    return display(value)


def melody_embed(rendered: Rendered, variation: int = 0) -> discord.Embed:
    """Title, every resolved parameter, the seed (to replay it) and the duration in seconds."""
    params = rendered.params
    title = rendered.title + (f" — variation {variation}" if variation else "")
    embed = discord.Embed(
        title=title,
        colour=EMBED_COLOUR,
        description=(
            f"Seed **{params.seed}** · {rendered.duration_seconds:.1f} s · {rendered.notes} notes\n"
            f"Same parameters and seed give the same melody."
        ),
    )
    values = params.to_dict()
    for param in MELODY_PARAMS:
        if param.name != "seed":
            embed.add_field(name=display(param.name), value=_shown(values[param.name], param.unit))
    embed.add_field(name="seed", value=str(params.seed))
    embed.add_field(name="duration", value=f"{rendered.duration_seconds:.1f} s")
    if rendered.png is not None:
        embed.set_image(url=f"attachment://{params.slug}.png")
    return embed


def melody_files(rendered: Rendered, size_limit: int) -> tuple[list[discord.File], list[str]]:
    """The attachments that fit `size_limit` (bytes), and the names of those left out."""
    slug = rendered.params.slug
    candidates = [
        (f"{slug}.mp3", rendered.mp3),
        (f"{slug}.mid", rendered.midi),
        (f"{slug}.png", rendered.png),
    ]
    files, skipped = [], []
    for name, data in candidates:
        if data is None:
            continue
        if len(data) > size_limit:
            skipped.append(name)
        else:
            files.append(discord.File(io.BytesIO(data), filename=name))
    return files, skipped


def size_text(size: int) -> str:
    """A size in bytes as people read it: '25 MiB', or '200 KiB' below one MiB."""
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size // 1024} KiB"


def too_big_note(skipped: list[str], size_limit: int) -> str:
    """One line naming attachments left out because of the server's upload limit."""
    if not skipped:
        return ""
    return (
        f"Left out {', '.join(skipped)}: larger than this server's upload limit of "
        f"{size_text(size_limit)}. Try fewer bars."
    )
