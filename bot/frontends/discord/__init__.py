"""The Discord front end (discord.py 2.x, application commands).

Public API: `serve(services, stop)`, which runs the bot until `stop` is set, and
`MelodyBot`, the client. The adapter only translates: music comes from
`services.melody`, games from `services.games`, rate limits inside the services (one
cooldown per member).
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

from bot.errors import StartupError
from bot.frontends.discord.client import MelodyBot
from bot.services.melody import job_timeout
from engine.params.melody import MELODY_PARAMS, MelodyParams
from engine.theory.meters import METERS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bot.config import Settings
    from bot.services import Services

__all__ = ["STOPPING", "MelodyBot", "drain_seconds", "serve"]

log = logging.getLogger(__name__)
SHUTDOWN_SECONDS = 10.0
# Extra time, beyond the longest job's timeout, that handlers in hand get to post at
# shutdown (seconds).
DRAIN_MARGIN_SECONDS = 15.0
STOPPING = "stopping the Discord client"  # logged as the intake closes to new interactions
REFUSED_TOKEN = "the Discord token was refused: check DISCORD_TOKEN in .env"  # noqa: S105 - a message, no secret


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


def longest_melody() -> MelodyParams:
    """The longest melody the table allows: most bars, slowest tempo, longest bar."""
    bars, tempo = MELODY_PARAMS["bars"], MELODY_PARAMS["tempo"]
    if not (bars.maximum is not None and tempo.minimum is not None):
        raise ValueError("the parameter table must bound bars and tempo")
    meter = max(MELODY_PARAMS["time"].choices, key=lambda name: METERS[name].bar_beats)
    return MelodyParams(bars=bars.maximum, tempo=tempo.minimum, time=meter)


def drain_seconds(services: Services) -> float:
    """How long shutdown waits for handlers in hand (seconds): the longest job's timeout
    (it grows with the music's length, see `bot.services.melody.job_timeout`) plus a margin.
    """
    longest = job_timeout(services.melody.pool, longest_melody().duration_seconds)
    return longest + DRAIN_MARGIN_SECONDS


async def serve(services: Services, stop: asyncio.Event) -> None:
    """Log in with DISCORD_TOKEN, answer interactions until `stop` is set, then close cleanly.

    Closing cleanly: new interactions are refused, those in hand finish (within the longest
    job's timeout plus a margin, `drain_seconds`), and only then does the client close.

    Raises StartupError when the token is missing or Discord refuses it.
    """
    settings = services.settings
    if settings.discord_token is None or not settings.has_discord:
        raise StartupError("DISCORD_TOKEN is not set: put it in .env (see docs/DISCORD.md).")
    token = settings.discord_token.get_secret_value()
    with discord_servers(settings):
        await _run_client(services, stop, token)


async def _run_client(services: Services, stop: asyncio.Event, token: str) -> None:
    settings = services.settings
    shard_ids, shard_count = settings.discord_shard_ids, settings.discord_shard_count
    if shard_ids and (shard_count is None or not all(0 <= i < shard_count for i in shard_ids)):
        raise StartupError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT above every id.")
    async with MelodyBot(
        services, guild_id=settings.discord_guild_id, shard_ids=shard_ids, shard_count=shard_count
    ) as bot:
        running = asyncio.create_task(bot.start(token), name="discord-client")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        await asyncio.gather(stopping, return_exceptions=True)  # let the cancellation land
        if running in done:
            try:
                running.result()  # a failed login or a closed connection ends here, loudly
            except discord.LoginFailure:
                raise StartupError(REFUSED_TOKEN) from None
            return
        log.info(STOPPING)
        bot.games.stop_listening()
        # Finish what members are waiting for before the HTTP session closes under it.
        await bot.intake.drain(drain_seconds(services))
        if not bot.is_ready():
            # discord.py dispatches 'ready' from its own task, which fails on a closed client.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(bot.wait_until_ready(), SHUTDOWN_SECONDS)
        await bot.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(running, SHUTDOWN_SECONDS)
