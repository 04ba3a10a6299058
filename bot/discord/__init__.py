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
import discord.gateway
import discord.http
import yarl

from bot.discord.client import MelodyBot
from bot.errors import StartupError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bot.services import Services
    from bot.settings import Settings

__all__ = ["MelodyBot", "serve"]

log = logging.getLogger(__name__)
SHUTDOWN_SECONDS = 10.0
# Extra time, beyond one job's timeout, that handlers in hand get to post at shutdown (seconds).
DRAIN_MARGIN_SECONDS = 15.0
REFUSED_TOKEN = "the Discord token was refused: check DISCORD_TOKEN in .env"


@contextlib.contextmanager
def discord_servers(settings: Settings) -> Iterator[None]:
    """Point discord.py at DISCORD_API_BASE / DISCORD_GATEWAY_URL when set, for this run.

    discord.py reads its servers from two class attributes (its documented seam); they are
    put back on exit so nothing else in the process is left pointing elsewhere.
    """
    route, socket = discord.http.Route, discord.gateway.DiscordWebSocket
    saved = route.BASE, socket.DEFAULT_GATEWAY
    if settings.discord_api_base:
        route.BASE = settings.discord_api_base
    if settings.discord_gateway_url:
        socket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    try:
        yield
    finally:
        route.BASE, socket.DEFAULT_GATEWAY = saved


async def serve(services: Services, stop: asyncio.Event) -> None:
    """Log in with DISCORD_TOKEN, answer interactions until `stop` is set, then close cleanly.

    Closing cleanly: new interactions are refused, those in hand finish (within a job's
    timeout plus a margin), and only then does the client close.

    Raises StartupError when the token is missing or Discord refuses it.
    """
    settings = services.settings
    if not settings.has_discord:
        raise StartupError("DISCORD_TOKEN is not set: put it in .env (see docs/DISCORD.md).")
    token = settings.discord_token.get_secret_value()
    with discord_servers(settings):
        await _run_client(services, stop, token)


async def _run_client(services: Services, stop: asyncio.Event, token: str) -> None:
    settings = services.settings
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
        # Finish what members are waiting for before the HTTP session closes under it.
        await bot.intake.drain(settings.job_timeout_seconds + DRAIN_MARGIN_SECONDS)
        if not bot.is_ready():
            # discord.py dispatches 'ready' from its own task, which fails on a closed client.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(bot.wait_until_ready(), SHUTDOWN_SECONDS)
        await bot.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(running, SHUTDOWN_SECONDS)
