"""Building and running the python-telegram-bot `Application`.

The network seam is a pair of constructor arguments, `base_url` and
`base_file_url` (Telegram's by default), so tests point the real library at a
loopback fake instead of patching it. The token is a `SecretStr` until it is
handed to PTB, and httpx's request log (which would print URLs holding it) is
kept quiet.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram import BotCommand
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults

from bot.frontends.telegram.context import CONTEXT_TYPES, PLATFORM, SERVICES_KEY, AnyApplication
from bot.frontends.telegram.failures import on_error
from bot.frontends.telegram.game_live import close_listener, status_board
from bot.frontends.telegram.handlers import register_handlers
from bot.frontends.telegram.replies import COMMANDS
from bot.frontends.telegram.webhook import start_receiving

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_BASE_FILE_URL = "https://api.telegram.org/file/bot"
# Long-poll length of getUpdates, seconds; stop() interrupts it at once.
POLL_TIMEOUT_SECONDS = 10
# Updates handled at the same time, so a vote is not stuck behind a composition.
CONCURRENT_UPDATES = 32
# Times a request answered "retry after N s" (flood control) is retried by the rate limiter.
FLOOD_RETRIES = 3
# Loggers that print request URLs, which contain the bot token, and the level from which they
# no longer do: httpx logs each request at INFO, PTB's bot its API URL at DEBUG.
URL_LOGGERS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram.Bot": logging.INFO,
    "telegram.ext.ExtBot": logging.INFO,
}


def build_application(
    token: str,
    services: Services,
    *,
    base_url: str = TELEGRAM_BASE_URL,
    base_file_url: str = TELEGRAM_BASE_FILE_URL,
) -> AnyApplication:
    """The Application with rate limiting, handlers and the error handler; not yet started."""
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        # A reply whose command message was deleted meanwhile (e.g. while a game was being
        # prepared) is still sent, not refused with "message to be replied not found".
        .defaults(Defaults(allow_sending_without_reply=True))
        .context_types(CONTEXT_TYPES)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    register_handlers(application)
    application.add_error_handler(on_error)
    return application


def quiet_url_loggers() -> None:
    """Raise the loggers that would print the token to a level where they do not."""
    for name, level in URL_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < level:
            logger.setLevel(level)


async def run_until(application: AnyApplication, stop: asyncio.Event) -> None:
    """getMe, setMyCommands, deleteWebhook, poll until `stop` is set, then shut down cleanly.

    Timed game closes of this platform are posted from then on.
    """
    if application.updater is None:
        raise RuntimeError("the Application was built without an Updater")
    async with application:  # initialize() (getMe) … shutdown()
        await application.bot.set_my_commands([BotCommand(n, d) for n, d in COMMANDS])
        services: Services = application.bot_data[SERVICES_KEY]
        receiving = await start_receiving(
            application.updater, services.settings, POLL_TIMEOUT_SECONDS
        )
        await application.start()
        # After start(): reveals of games that closed while the bot was down are posted now.
        listener = close_listener(application)
        services.games.add_close_listener(PLATFORM, listener)
        log.info("Telegram bot @%s is %s", application.bot.username, receiving)
        try:
            await stop.wait()
        finally:
            services.games.remove_close_listener(PLATFORM, listener)
            await application.updater.stop()
            await application.stop()
            await status_board(application).aclose()
    log.info("Telegram bot stopped")
