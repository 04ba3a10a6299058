"""The one error handler: expected failures get their one-line message, bugs an apology.

`bot.errors.user_message` decides the text and logs unexpected errors with their
traceback. Failing to deliver the answer is itself only logged: polling never stops.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.errors import user_message
from bot.frontends.telegram.context import BotContext
from bot.frontends.telegram.limits import MAX_ALERT_CHARS, answer_quietly, fit_lines

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Registered with `Application.add_error_handler`; never raises."""
    error = context.error
    if error is None:
        return
    text = user_message(error)
    if not isinstance(update, Update):
        return  # e.g. a network error while polling; PTB retries by itself
    try:
        await reply_with(update, text)
    except TelegramError as delivery:
        log.warning("could not deliver an error message: %s", delivery)


async def reply_with(update: Update, text: str) -> None:
    """Answer a button press with an alert (and the chat if it is long), a message with a reply."""
    query = update.callback_query
    if query is not None:
        # Already answered (e.g. "Composing…"): the failure goes to the chat instead.
        answered = await answer_quietly(query, text, show_alert=True)
        if answered and len(text) <= MAX_ALERT_CHARS:
            return
    message = update.effective_message
    if message is not None:
        await message.reply_text(fit_lines(text))
