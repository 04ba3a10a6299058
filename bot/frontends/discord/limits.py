"""Discord's documented message limits, held once, and the helper that fits text to them.

From https://discord.com/developers/docs/resources/message and .../channel: message content
2,000 characters; embeds 6,000 characters in all, description 4,096, title 256, 25 fields,
field name 256 and value 1,024; 10 attachments; a component's custom_id 100 characters.
Discord answers anything larger with 400 and code 50035 "Invalid Form Body".
"""

from __future__ import annotations

from bot.services.text_fit import fit_lines

MAX_CONTENT_CHARS = 2000
MAX_EMBED_TOTAL_CHARS = 6000
MAX_EMBED_DESCRIPTION_CHARS = 4096
MAX_EMBED_TITLE_CHARS = 256
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME_CHARS = 256
MAX_FIELD_VALUE_CHARS = 1024
MAX_ATTACHMENTS = 10
MAX_CUSTOM_ID_CHARS = 100


def fit_text(text: str, limit: int = MAX_CONTENT_CHARS) -> str:
    """`text` within `limit` characters: whole lines kept while they fit, then "… and N more"."""
    return fit_lines(text, limit)
