"""/help, /melody and the New / Variation buttons: translate, call the melody service, post.

No music logic here: the grammar parses, `engine.params.resolve` validates and
the melody service composes and renders. Errors propagate to `failures.on_error`,
the one place that turns them into a reply.
"""

from __future__ import annotations

import asyncio
import contextlib

from telegram import Bot, InputFile, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.frontends.telegram.context import BotContext, actor_of, services_of
from bot.frontends.telegram.keyboards import melody_keyboard, parse_callback
from bot.frontends.telegram.limits import answer_quietly, split_message
from bot.frontends.telegram.replies import (
    PERFORMER,
    help_text,
    melody_caption,
    param_help,
    queue_status,
)
from bot.runtime.jobs import Rendered
from bot.services.actor import Actor
from bot.services.grammar import parse_pairs, split_command
from bot.services.melody_files import melody_texts
from bot.services.param_codec import decode_params
from engine.params.melody import MelodyParams, resolve


async def help_command(update: Update, context: BotContext) -> None:
    """/help: usage and every parameter; /help TOPIC: `topic_help`, the same on every front end.

    Extra words are answered (one line), not ignored.
    """
    message = update.effective_message
    if not (message is not None and message.text is not None):
        return  # the handler filters route only such updates here
    _, rest = split_command(message.text)
    parts = param_help(rest) if rest.strip() else split_message(help_text())
    for part in parts:
        await message.reply_text(part)


async def melody_command(update: Update, context: BotContext) -> None:
    """/melody name:value …: validate with the one grammar, then compose and post."""
    message = update.effective_message
    if not (message is not None and message.text is not None and update.effective_user):
        return  # the handler filters route only such updates here
    _, rest = split_command(message.text)
    params = resolve(parse_pairs(rest))
    actor = actor_of(update.effective_user)
    await compose_and_post(context, message.chat_id, params, actor, variation=0)


async def melody_button(update: Update, context: BotContext) -> None:
    """New (`mn:`), Variation (`mv:`) and Files (`mf:`) presses under a posted melody."""
    query = update.callback_query
    if not (query is not None and query.data is not None and query.message is not None):
        return  # the handler filters route only such updates here
    callback = parse_callback(query.data)
    if callback.action == "mf":
        await answer_quietly(query, "Sending the files…")
        params = decode_params(callback.fields[-1], new_seed=False)
        variation = int(callback.fields[0])
        rendered = await melody_texts(services_of(context).melody.pool, params, variation)
        await send_files(context.bot, query.message.chat.id, rendered, variation)
        return
    fresh = callback.action == "mn"  # New draws a fresh seed; Variation keeps it
    params = decode_params(callback.fields[-1], new_seed=fresh)
    variation = 0 if fresh else int(callback.fields[0])
    await answer_quietly(query, "Composing…")  # best effort: composing goes on
    await compose_and_post(
        context, query.message.chat.id, params, actor_of(query.from_user), variation
    )


class QueueStatus:
    """A status message showing the job's queue position, sent only if the job has to wait.

    The pool calls the instance with each new position (0 = running); edits are
    made in the background so the pool is never held up by Telegram.
    """

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.message: Message | None = None
        self.shown = -1
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, position: int) -> None:
        task = asyncio.get_running_loop().create_task(self._show(position))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _show(self, position: int) -> None:
        async with self._lock:
            if position == self.shown or (self.message is None and position <= 0):
                return
            self.shown = position
            with contextlib.suppress(TelegramError):  # a status line is not worth failing for
                if self.message is None:
                    self.message = await self.bot.send_message(self.chat_id, queue_status(position))
                else:
                    await self.message.edit_text(queue_status(position))

    async def close(self) -> None:
        """Wait for pending edits, then remove the status message."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        async with self._lock:
            if self.message is not None:
                with contextlib.suppress(TelegramError):
                    await self.message.delete()
                self.message = None


async def compose_and_post(
    context: BotContext,
    chat_id: int,
    params: MelodyParams,
    actor: Actor,
    variation: int,
) -> None:
    """Show 'composing', run the job through the melody service, then post audio, MIDI, picture."""
    bot = context.bot
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_VOICE)
    status = QueueStatus(bot, chat_id)
    try:
        rendered = await services_of(context).melody.compose(
            params, actor, variation=variation, on_position=status
        )
    finally:
        await status.close()
    await post_rendered(bot, chat_id, rendered, variation)


def _stem(params: MelodyParams, variation: int) -> str:
    return params.slug + (f"-v{variation}" if variation else "")


async def send_files(bot: Bot, chat_id: int, rendered: Rendered, variation: int = 0) -> None:
    """The melody's .abc and .musicxml as documents (the "Files" button; the .mid is posted
    with the melody)."""
    stem = _stem(rendered.params, variation)
    texts = {"abc": rendered.abc, "musicxml": rendered.musicxml}
    files = {k: v.encode() for k, v in texts.items() if v is not None}
    for suffix, data in files.items():
        await bot.send_document(chat_id, InputFile(data, filename=f"{stem}.{suffix}"))


async def post_rendered(bot: Bot, chat_id: int, rendered: Rendered, variation: int = 0) -> None:
    """Audio (MP3 with title, performer, duration and the caption), the MIDI file, then the
    score as the photo (the piano roll when there is no score); ABC and MusicXML come with
    the Files button, so three messages a melody, as before there were scores.

    The New / Variation / Files keyboard goes under the last message, below everything.
    """
    params: MelodyParams = rendered.params
    caption = melody_caption(params, variation)
    keyboard = melody_keyboard(params, variation)
    stem = _stem(params, variation)
    photos = list(rendered.score) or ([rendered.png] if rendered.png else [])
    if rendered.mp3:
        await bot.send_audio(
            chat_id,
            InputFile(rendered.mp3, filename=f"{stem}.mp3"),
            caption=caption,
            title=rendered.title,
            performer=PERFORMER,
            duration=round(rendered.duration_seconds),
        )
    await bot.send_document(
        chat_id,
        InputFile(rendered.midi, filename=f"{stem}.mid"),
        caption=None if rendered.mp3 else caption,
        reply_markup=None if photos else keyboard,  # nothing drawn: the MIDI carries them
    )
    for page, photo in enumerate(photos, start=1):
        await bot.send_photo(
            chat_id,
            InputFile(photo, filename=f"{stem}.score-{page}.png"),
            reply_markup=keyboard if page == len(photos) else None,
        )
