"""Telegram Bot API limits, held once, and the helpers that fit text within them.

Documented at https://core.telegram.org/bots/api (sendMessage text 1-4096 characters,
captions 0-1024, answerCallbackQuery text 0-200, callback_data 1-64 bytes). Lengths are
counted in UTF-16 code units after entity parsing: a character outside the Basic
Multilingual Plane (most emoji) counts twice, so each helper first takes those extra
units off its limit (`_in_characters`), which keeps every result within Telegram's count.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery
from telegram.error import TelegramError

from bot.services.text_fit import clip, split_text
from bot.services.text_fit import fit_lines as fit_within

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4096
MAX_CAPTION_CHARS = 1024
MAX_ALERT_CHARS = 200
MAX_CALLBACK_DATA_BYTES = 64


def _in_characters(text: str, limit: int) -> int:
    """`limit` in UTF-16 units as a number of Python characters that surely fits `text`."""
    extra = len(text.encode("utf-16-le")) // 2 - len(text)
    return max(limit - extra, limit // 2)


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut `text` into parts of at most `limit` characters, at a line end or comma."""
    return split_text(text, _in_characters(text, limit))


def fit_lines(text: str, limit: int = MAX_MESSAGE_CHARS, *, keep_last: int = 0) -> str:
    """`text` in one message: whole lines kept while they fit, then "… and N more" (and the
    last `keep_last` lines)."""
    return fit_within(text, _in_characters(text, limit), keep_last=keep_last)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in "…" when something was left out."""
    return clip(text, _in_characters(text, limit))


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
