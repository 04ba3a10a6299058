"""The Discord front end (discord.py 2.x, application commands).

Public API: `serve(services, stop)`, which runs the bot until `stop` is set, and
`MelodyBot`, the client. The adapter only translates: music comes from
`services.melody`, games from `services.games`, rate limits from `services.cooldown`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import discord

from bot.discord.client import MelodyBot
from bot.errors import StartupError

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["MelodyBot", "serve"]

log = logging.getLogger(__name__)
SHUTDOWN_SECONDS = 10.0
REFUSED_TOKEN = "the Discord token was refused: check DISCORD_TOKEN in .env"


async def serve(services: Services, stop: asyncio.Event) -> None:
    """Log in with DISCORD_TOKEN, answer interactions until `stop` is set, then close cleanly.

    Raises StartupError when the token is missing or Discord refuses it.
    """
    settings = services.settings
    if not settings.has_discord:
        raise StartupError("DISCORD_TOKEN is not set: put it in .env (see docs/DISCORD.md).")
    token = settings.discord_token.get_secret_value()
    async with MelodyBot(services, guild_id=settings.discord_guild_id) as bot:
        running = asyncio.create_task(bot.start(token), name="discord-client")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if running in done:
            try:
                running.result()  # a failed login or a closed connection ends here, loudly
            except discord.LoginFailure:
                raise StartupError(REFUSED_TOKEN) from None
            return
        log.info("stopping the Discord client")
        await bot.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(running, SHUTDOWN_SECONDS)
