"""What a finished melody looks like on Discord: an embed and its attachments.

The embed lists every parameter as resolved (derived from the one table), the seed
and the duration; the attachments are the MP3 (plays inline), the .mid, .abc and
.musicxml and the picture: the score (sheet music, the default: musicians read it)
or, with `picture:pianoroll`, the piano roll. All keep within Discord's 10
attachments and, together, the interaction's upload size limit.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord

from bot.frontends.discord.limits import MAX_ATTACHMENTS, fit_embed
from bot.frontends.discord.options import display
from bot.runtime.jobs import Output
from bot.services.melody_files import named_files
from engine.params.melody import MELODY_PARAMS
from engine.params.schema import Param

if TYPE_CHECKING:
    from bot.runtime.jobs import Rendered

EMBED_COLOUR = discord.Colour.from_rgb(88, 101, 242)
# `/melody picture:` — a Discord option beside the parameter table (it changes the post,
# not the music), declared once here; the first choice is the default.
PICTURE = Param(
    "picture",
    "The picture posted: the score (sheet music) or the piano roll.",
    "score",
    choices=("score", "pianoroll"),
)
# What the job makes for each picture: the piano roll alone costs no engraving (~0.11 CPU-s).
PICTURE_OUTPUTS = {"score": Output.AUDIO, "pianoroll": Output.AUDIO_PIANOROLL}


def picture_files(rendered: Rendered, picture: str) -> list[tuple[str, bytes]]:
    """The picture's attachments (name, PNG): the score's pages, or the piano roll."""
    files = named_files(rendered)
    return files["score"] if picture == "score" and files["score"] else files["pianoroll"]


def _shown(value: str | int, unit: str) -> str:  # a bool is an int: shown on/off
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int):
        return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
    return display(value)


def melody_embed(
    rendered: Rendered, variation: int = 0, picture: str = str(PICTURE.default)
) -> discord.Embed:
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
    shown = picture_files(rendered, picture)
    if shown:
        embed.set_image(url=f"attachment://{shown[0][0]}")
    return fit_embed(embed)


def melody_files(
    rendered: Rendered, size_limit: int, picture: str = str(PICTURE.default)
) -> tuple[list[discord.File], list[str]]:
    """The attachments that fit together in `size_limit` (bytes) and MAX_ATTACHMENTS, most
    wanted first, and the names of those left out."""
    named = named_files(rendered)
    pages: list[tuple[str, bytes | None]] = [*picture_files(rendered, picture)] or [("", None)]
    first_page, *more_pages = pages
    candidates: list[tuple[str, bytes | None]] = [
        *named["mp3"],
        *named["mid"],
        first_page,
        *named["abc"],
        *named["musicxml"],
        *more_pages,  # a long score's later pages come last
    ]
    files: list[discord.File] = []
    skipped: list[str] = []
    room = size_limit
    for name, data in candidates:
        if data is None:
            continue
        if len(data) > room or len(files) == MAX_ATTACHMENTS:
            skipped.append(name)
        else:
            files.append(discord.File(io.BytesIO(data), filename=name))
            room -= len(data)
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
