"""The flow of `/melody` and its buttons: acknowledge, compose in the pool, post the result.

1. Validation is checked first; its errors, and a spent cooldown, are answered ephemerally.
2. The interaction is deferred ("thinking…") at once; Discord's deadline is 3 s.
3. While the job waits in the pool's queue, the deferred message shows its position.
4. The follow-up carries the embed, the MP3, the picture (score or piano roll), the .mid,
   .abc and .musicxml, and New/Variation buttons.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import discord

from bot.frontends.discord.late_reply import follow_up
from bot.frontends.discord.melody_buttons import melody_buttons, pressed_picture
from bot.frontends.discord.melody_reply import (
    PICTURE,
    PICTURE_OUTPUTS,
    melody_embed,
    melody_files,
    too_big_note,
)
from bot.frontends.discord.replies import actor_of, answering
from engine.params.melody import MelodyParams

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


class QueuePositionReporter:
    """Edits the deferred message with the job's queue position.

    Only the latest position matters and Discord rate-limits edits, so edits are coalesced:
    at most one in flight, at least EDIT_INTERVAL seconds apart. On Discord the first
    follow-up replaces the deferred message, so `settle()` lets an edit in flight land
    (and drops any waiting one) before the result is posted.
    """

    EDIT_INTERVAL = 2.0  # seconds between edits of one message

    def __init__(self, interaction: discord.Interaction) -> None:
        self._interaction = interaction
        self._task: asyncio.Task[None] | None = None
        self._wanted: int | None = None
        self._shown: int | None = None
        self._editing = False
        self._finished = False

    def __call__(self, position: int) -> None:
        self._wanted = position
        if not self._finished and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while self._wanted != self._shown and not self._finished:
            position = self._wanted
            if position is None:
                break  # nothing wanted: nothing to show
            text = (
                "Composing…"
                if position <= 0
                else f"Waiting in the queue: position {position}. Composing soon…"
            )
            self._editing = True
            try:
                with contextlib.suppress(discord.HTTPException):
                    await self._interaction.edit_original_response(content=text)
            finally:
                self._editing = False
            self._shown = position
            if self._finished:
                return
            await asyncio.sleep(self.EDIT_INTERVAL)

    async def settle(self) -> None:
        self._finished = True
        task = self._task
        if task is None or task.done():
            return
        if not self._editing:
            task.cancel()  # it is only waiting to send a position nobody needs now
        await asyncio.gather(task, return_exceptions=True)


async def compose_and_post(
    services: Services,
    interaction: discord.Interaction,
    params: MelodyParams,
    variation: int = 0,
    picture: str | None = None,
) -> None:
    """Steps 1-4 for `params` (already validated); every failure becomes an ephemeral reply.

    `picture` is the `/melody picture:` choice; None takes the one the pressed New or
    Variation button carries (the default for a slash command), so it is kept from one
    melody to the next. Only that picture is drawn.

    Expected failures (a full queue, a failed job) are answered with their own line;
    anything else reaches the same mapping through `answering`, logged with its traceback.
    """
    picture = picture or pressed_picture(interaction) or str(PICTURE.default)
    await interaction.response.defer(thinking=True)
    reporter = QueuePositionReporter(interaction)
    async with answering(interaction, replace_thinking=True):
        try:
            # A spent cooldown raises here and is answered privately (replace_thinking).
            rendered = await services.melody.compose(
                params,
                actor_of(interaction),
                variation=variation,
                on_position=reporter,
                output=PICTURE_OUTPUTS[picture],
            )
        finally:
            await reporter.settle()  # no position edit may land after the answer
        limit = interaction.filesize_limit
        files, skipped = melody_files(rendered, limit, picture)
        embed = melody_embed(rendered, variation, picture)
        if (embed.image.url or "").removeprefix("attachment://") in skipped:
            embed.set_image(url=None)  # no attachment://….png to point at
        note = too_big_note(skipped, limit)
        view = melody_buttons(rendered.params, variation, picture)
        # After 15 minutes the token is gone: follow_up posts to the channel instead.
        await follow_up(interaction, note or None, embed=embed, files=files, view=view)
