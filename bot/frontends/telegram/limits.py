"""Telegram Bot API limits, held once, and the helpers that fit text within them.

Documented at https://core.telegram.org/bots/api (sendMessage text 1-4096 characters,
captions 0-1024, answerCallbackQuery text 0-200, callback_data 1-64 bytes). Lengths are
counted after entity parsing; we send plain text, so Python characters are close enough
(non-BMP characters count twice in UTF-16, hence the small margin in `fit_lines`).
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery
from telegram.error import TelegramError

from bot.services.text_fit import ELLIPSIS
from bot.services.text_fit import fit_lines as fit_within

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4096
MAX_CAPTION_CHARS = 1024
MAX_ALERT_CHARS = 200
MAX_CALLBACK_DATA_BYTES = 64


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut `text` into parts of at most `limit` characters, at a line end or comma."""
    parts: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(", ", 0, limit), text.rfind("\n", 0, limit))
        cut = cut + 1 if cut > 0 else limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


def fit_lines(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` in one message: whole lines kept while they fit, then "… and N more"."""
    return fit_within(text, limit)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in "…" when something was left out."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


async def answer_quietly(query: CallbackQuery, text: str = "", *, show_alert: bool = False) -> bool:
    """Answer a button press, best effort: a late answer ("query is too old") is only logged.

    The work the press asked for goes on either way; nothing about it reaches the chat.
    Returns whether Telegram took the answer.
    """
    try:
        await query.answer(shorten(text, MAX_ALERT_CHARS) or None, show_alert=show_alert)
    except TelegramError as error:
        log.info("could not answer button press %s: %s", query.id, error)
        return False
    return True
