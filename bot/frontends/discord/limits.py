"""Discord's documented message limits, held once, and the helpers that fit replies to them.

From https://discord.com/developers/docs/resources/message and .../channel: message content
2,000 characters; up to 10 embeds, 6,000 characters in all of a message's embeds; in one
embed a title of 256, a description of 4,096, 25 fields, a field name of 256 and a value of
1,024, a footer of 2,048 and an author name of 256; 10 attachments; a component's
custom_id 100 characters. Discord answers anything larger with 400 and code 50035
"Invalid Form Body", and the member sees "The application did not respond".
"""

from __future__ import annotations

import discord

from bot.services.text_fit import ELLIPSIS, clip, fit_lines, split_text

MAX_CONTENT_CHARS = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL_CHARS = 6000
MAX_EMBED_DESCRIPTION_CHARS = 4096
MAX_EMBED_TITLE_CHARS = 256
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME_CHARS = 256
MAX_FIELD_VALUE_CHARS = 1024
MAX_FOOTER_CHARS = 2048
MAX_AUTHOR_NAME_CHARS = 256
MAX_ATTACHMENTS = 10
MAX_CUSTOM_ID_CHARS = 100
BLANK = "\u200b"  # a field name Discord accepts that shows nothing


def fit_text(text: str, limit: int = MAX_CONTENT_CHARS, *, keep_last: int = 0) -> str:
    """`text` within `limit` characters: whole lines kept while they fit, then "… and N more"
    (and the last `keep_last` lines)."""
    return fit_lines(text, limit, keep_last=keep_last)


def split_content(text: str, limit: int = MAX_CONTENT_CHARS) -> list[str]:
    """`text` as message contents of at most `limit` characters each, nothing left out."""
    return split_text(text, limit)


def fit_embed(embed: discord.Embed, budget: int = MAX_EMBED_TOTAL_CHARS) -> discord.Embed:
    """`embed` within Discord's limits, changed in place and returned.

    Each part is cut to its own limit; then, while the whole is over `budget` characters,
    fields are dropped from the end (a last field says how many), and at last the
    description is shortened with "… and N more".
    """
    if embed.title:
        embed.title = clip(str(embed.title), MAX_EMBED_TITLE_CHARS)
    if embed.description:
        embed.description = fit_lines(str(embed.description), MAX_EMBED_DESCRIPTION_CHARS)
    if embed.footer.text:
        embed.set_footer(
            text=clip(embed.footer.text, MAX_FOOTER_CHARS), icon_url=embed.footer.icon_url
        )
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, MAX_AUTHOR_NAME_CHARS),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    for index, field in enumerate(embed.fields):
        embed.set_field_at(
            index,
            name=clip(field.name or BLANK, MAX_FIELD_NAME_CHARS),
            value=fit_lines(field.value or BLANK, MAX_FIELD_VALUE_CHARS),
            inline=bool(field.inline),
        )
    _drop_fields(embed, budget)
    if len(embed) > budget and embed.description:
        room = len(embed.description) - (len(embed) - budget)
        embed.description = fit_lines(embed.description, max(room, 0)) if room > 0 else None
    return embed


def _drop_fields(embed: discord.Embed, budget: int) -> None:
    """Fields from the end until at most 25 remain and the embed fits `budget`, noting how many."""
    dropped = 0
    while embed.fields and (
        len(embed.fields) > MAX_EMBED_FIELDS - (dropped > 0)
        or len(embed) + (len(BLANK + _more(dropped)) if dropped else 0) > budget
    ):
        embed.remove_field(len(embed.fields) - 1)
        dropped += 1
    if dropped:
        embed.add_field(name=BLANK, value=_more(dropped), inline=False)


def _more(dropped: int) -> str:
    return f"{ELLIPSIS} and {dropped} more"


def fit_embeds(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """At most 10 embeds sharing the 6,000 characters of one message, each fitted."""
    fitted: list[discord.Embed] = []
    left = MAX_EMBED_TOTAL_CHARS
    for embed in embeds[:MAX_EMBEDS]:
        fitted.append(fit_embed(embed, left))
        left = max(left - len(embed), 0)
    return fitted
