"""The launcher: `python -m bot` (what `make run` runs).

Logging is configured here, once, on standard error (so console output stays
clean), with noisy library loggers quietened and the tokens masked
(`bot.logging_setup`). Settings are read here, once.
The worker pool and the store live for the whole run (`async with`); the
console runs when no token is set, otherwise Discord and/or Telegram, in one
process. Ctrl-C, SIGTERM or the end of the console's input stops the game
timers first, then the front ends: no game closes while they drain, so no
reveal is lost. Open games stay in the database and their timers are re-armed
at the next start.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from bot.config import BadSetting, Settings, load_settings
from bot.errors import StartupError
from bot.logging_setup import NOISY_LOGGERS, configure_logging
from bot.services import Services
from bot.wiring import open_services, worker_pool
from engine.errors import SoundFontMissing

log = logging.getLogger("bot")

__all__ = ["NOISY_LOGGERS", "configure_logging", "front_ends", "main", "run"]

Front = Callable[[Services, asyncio.Event], Coroutine[Any, Any, None]]


def front_ends(settings: Settings) -> dict[str, Front]:
    """The front ends to run; chat adapters are imported only when their token is set."""
    fronts: dict[str, Front] = {}
    if settings.has_discord:
        from bot.frontends.discord import serve as serve_discord

        fronts["discord"] = serve_discord
    if settings.has_telegram:
        from bot.frontends.telegram import serve as serve_telegram

        fronts["telegram"] = serve_telegram
    if not fronts:
        from bot.frontends.console import serve as serve_console

        fronts["console"] = serve_console
    return fronts


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def run(settings: Settings, fronts: Mapping[str, Front] | None = None) -> None:
    """Start the pool and store, re-arm game timers, and serve until stopped or input ends.

    `fronts` (name -> serve) default to the ones the settings' tokens choose.
    """
    shutdown = asyncio.Event()  # set by Ctrl-C or SIGTERM
    stop = asyncio.Event()  # tells the front ends to finish, once the timers are stopped
    loop = asyncio.get_running_loop()

    def first_signal() -> None:
        # The first Ctrl-C (or SIGTERM) shuts down in order; the handlers go at once, so a
        # second Ctrl-C is Python's own KeyboardInterrupt and stops the bot immediately.
        shutdown.set()
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)

    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, first_signal)
    fronts = front_ends(settings) if fronts is None else fronts
    log.info("starting: %s", ", ".join(fronts))
    async with worker_pool(settings) as pool, open_services(pool, settings) as services:
        tasks = [
            asyncio.create_task(serve(services, stop), name=f"front-{name}")
            for name, serve in fronts.items()
        ]
        signalled = asyncio.create_task(shutdown.wait(), name="shutdown-signal")
        try:
            # A signal, or the first front end to return (the console at end of input),
            # stops the others.
            done, _ = await asyncio.wait([*tasks, signalled], return_when=asyncio.FIRST_COMPLETED)
            # Timers first: a game closing while a front end drains would have its reveal
            # posted nowhere. Stopped here, it closes at the next start and is posted then.
            await services.games.aclose()
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            for task in done:
                error = None if task.cancelled() else task.exception()
                if error is not None:
                    raise error
        finally:
            for task in (*tasks, signalled):
                task.cancel()
            for sig in STOP_SIGNALS:
                loop.remove_signal_handler(sig)
    log.info("stopped")


def main() -> int:
    try:
        settings = load_settings()
    except BadSetting as error:
        print(f"melodybot: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.secrets())
    try:
        asyncio.run(run(settings))
    except KeyboardInterrupt:
        print("melodybot: stopped at once (second Ctrl-C)", file=sys.stderr)
        return 130
    except (StartupError, SoundFontMissing, OSError) as error:
        # Start-up failures a person can fix (a refused token, no SoundFont, an unwritable
        # database) get one line.
        print(f"melodybot could not start: {error}", file=sys.stderr)
        return 1
    except Exception:
        log.exception("melodybot stopped on an unexpected error")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
