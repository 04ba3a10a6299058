"""The Telegram front end (python-telegram-bot v22, asyncio, long polling).

Public API: `serve(services, stop)` runs the bot until `stop` is set. Modules:
`app` (Application, network seam, lifecycle), `handlers` (routing),
`melody_handlers`, `game_commands`, `game_buttons`, `game_live`, `game_posts`,
`failures` (the error handler), `guess_actions` (the /guess actions),
`keyboards` (inline buttons; their parameters packed by `bot.param_codec`),
`replies` (texts).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from telegram.error import InvalidToken, NetworkError

from bot.errors import StartupError
from bot.frontends.telegram.app import (
    TELEGRAM_BASE_FILE_URL,
    TELEGRAM_BASE_URL,
    build_application,
    quiet_url_loggers,
    run_until,
)
from bot.frontends.telegram.webhook import webhook_secret

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["serve"]

REFUSED_TOKEN = "the Telegram token was refused: check TELEGRAM_TOKEN in .env"  # noqa: S105 - a message, no secret
UNREACHABLE = "Telegram could not be reached ({reason}): check the network and TELEGRAM_BASE_URL"


async def serve(
    services: Services,
    stop: asyncio.Event,
    *,
    base_url: str | None = None,
    base_file_url: str | None = None,
) -> None:
    """Run the Telegram bot with `services.settings.telegram_token` until `stop` is set.

    `base_url`/`base_file_url` point the bot at another Bot API server (tests use a
    loopback fake); by default TELEGRAM_BASE_URL/TELEGRAM_BASE_FILE_URL from the settings,
    else Telegram's own. Raises StartupError when the token is missing or Telegram refuses it.
    """
    token = services.settings.telegram_token
    if token is None or not token.get_secret_value():
        raise StartupError("TELEGRAM_TOKEN is not set: put it in .env (see docs/TELEGRAM.md).")
    quiet_url_loggers()
    settings = services.settings
    if settings.telegram_webhook_url:
        webhook_secret(settings)  # a missing or malformed secret is refused before login
    application = build_application(
        token.get_secret_value(),
        services,
        base_url=base_url or settings.telegram_base_url or TELEGRAM_BASE_URL,
        base_file_url=base_file_url or settings.telegram_base_file_url or TELEGRAM_BASE_FILE_URL,
    )
    try:
        await run_until(application, stop)
    except InvalidToken:
        raise StartupError(REFUSED_TOKEN) from None
    except NetworkError as error:  # also TimedOut; PTB retries polling by itself once started
        raise StartupError(UNREACHABLE.format(reason=error.message)) from None
