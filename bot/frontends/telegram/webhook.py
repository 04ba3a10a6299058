"""How the Telegram bot receives updates: long polling (the default) or a webhook server.

With TELEGRAM_WEBHOOK_URL set, python-telegram-bot's own webhook server (tornado) listens
on TELEGRAM_WEBHOOK_LISTEN:TELEGRAM_WEBHOOK_PORT at the URL's path, `setWebhook` tells
Telegram the URL, and every request must carry TELEGRAM_WEBHOOK_SECRET in the
`X-Telegram-Bot-Api-Secret-Token` header (PTB answers 403 otherwise). That is what a
deployment behind a load balancer needs: no process holds a long poll.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from telegram.ext import Updater

from bot.config import Settings
from bot.errors import StartupError

# Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ -.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MISSING_SECRET = "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -."  # noqa: S105 - a message


def webhook_secret(settings: Settings) -> str:
    """The secret the webhook server checks; StartupError (one line) when missing or malformed."""
    secret = settings.telegram_webhook_secret
    value = secret.get_secret_value() if secret is not None else ""
    if not SECRET_PATTERN.fullmatch(value):
        raise StartupError(MISSING_SECRET)
    return value


async def start_receiving(updater: Updater, settings: Settings, poll_timeout: int) -> str:
    """Start polling (`poll_timeout` seconds per getUpdates) or the webhook server; returns
    how updates arrive, for the log."""
    url = settings.telegram_webhook_url
    if url is None:
        await updater.start_polling(timeout=poll_timeout)
        return "polling"
    await updater.start_webhook(
        listen=settings.telegram_webhook_listen,
        port=settings.telegram_webhook_port,
        url_path=urlsplit(url).path.lstrip("/"),
        webhook_url=url,
        secret_token=webhook_secret(settings),
    )
    return f"receiving updates at {url}"
