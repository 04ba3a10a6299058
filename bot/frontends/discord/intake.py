"""Which interaction handlers are running, and whether new ones are let in.

discord.py runs each interaction in its own task and `Client.close()` does not wait for
them, so a composition still in hand when the bot stops would lose its follow-up
("Session is closed") and leave the member on "thinking…". Every handler passes
`admit()` first (the command tree's and each component's `interaction_check`), which
records its task; at shutdown `drain()` refuses newcomers with a one-line answer and
waits for the recorded tasks, within a time limit, before the client closes.

Public API: `Intake`, `SHUTTING_DOWN`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

from bot.frontends.discord.seams import melody_bot

log = logging.getLogger(__name__)

SHUTTING_DOWN = "The bot is shutting down for a moment; try again in a minute."


class Intake:
    """The running interaction handlers (their tasks) and the open/closed door."""

    def __init__(self) -> None:
        self.is_open = True
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def running(self) -> int:
        """How many handlers are still at work."""
        return len(self._running)

    async def admit(self, interaction: discord.Interaction) -> bool:
        """Let an interaction's handler run (recording its task), or refuse it when closing."""
        if not self.is_open:
            # Autocomplete cannot carry a message; everything else is told why.
            if (
                interaction.type is not discord.InteractionType.autocomplete
                and not interaction.response.is_done()
            ):
                try:
                    await interaction.response.send_message(SHUTTING_DOWN, ephemeral=True)
                except discord.HTTPException:
                    log.warning("could not refuse interaction %s", interaction.id)
            return False
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return True

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109 - a deadline callers pass on
        """Refuse new interactions, wait up to `timeout` seconds for the running ones.

        Returns how many were still running when the time ran out (0 = all finished).
        """
        self.is_open = False
        if not self._running:
            return 0
        log.info("waiting for %d interaction(s) in hand", len(self._running))
        _, pending = await asyncio.wait(set(self._running), timeout=timeout)
        if pending:
            log.warning(
                "%d interaction(s) still running after %.0f s; closing anyway",
                len(pending),
                timeout,
            )
        return len(pending)


async def admit_component(interaction: discord.Interaction) -> bool:
    """A component's `interaction_check`: through the client's intake (see `Intake.admit`)."""
    return await melody_bot(interaction).intake.admit(interaction)
