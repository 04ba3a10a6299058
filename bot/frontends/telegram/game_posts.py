"""What a game looks like in a Telegram chat: item messages, the vote-count status, reveals.

Texts and numbers come from the games service's results; this module only
lays them out as Telegram messages. The study table is sent as preformatted
HTML so its columns line up.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.frontends.telegram.keyboards import vote_keyboard
from bot.frontends.telegram.limits import MAX_CAPTION_CHARS, shorten, split_message
from bot.services.games.models import Reveal, StartedGame, utc_clock_text

VoterCount = Callable[[], Awaitable[int]]  # how many members have voted in a game now

log = logging.getLogger(__name__)

# Seconds between two edits of a game's status message (Telegram allows about one edit a second
# per chat, and every voter would otherwise trigger one).
STATUS_EDIT_INTERVAL = 3.0
ITEM_PERFORMER = "AI or human?"
PRE_BLOCK_CHARS = 3000


def game_intro(game: StartedGame) -> str:
    """The message that opens a game on Telegram."""
    return (
        f"Game {game.game_id}: AI or human? Listen to {len(game.items)} melodies "
        f"({game.letters}). Some were composed by the bot, some by people. Tap AI or Human "
        f"under each one, then say how sure you are and how good it sounds (1–5). "
        f"Tapping again replaces your vote. Voting closes at {utc_clock_text(game.closes_at)}."
    )


async def post_items(bot: Bot, chat_id: int, game: StartedGame) -> None:
    """One audio message per item, titled only by its letter, with AI / Human buttons."""
    for item in game.items:
        rendered = item.rendered
        await bot.send_audio(
            chat_id,
            InputFile(rendered.mp3 or b"", filename=f"game{game.game_id}-{item.letter}.mp3"),
            title=f"Melody {item.letter}",
            performer=ITEM_PERFORMER,
            duration=round(rendered.duration_seconds),
            caption=f"Game {game.game_id}, melody {item.letter}: AI or human?",
            reply_markup=vote_keyboard(game.game_id, item.letter),
        )


def status_text(game_id: int, voters: int) -> str:
    """'Game 3: 5 members have voted so far.'"""
    members = "1 member has" if voters == 1 else f"{voters} members have"
    return f"Game {game_id}: {members} voted so far."


class StatusBoard:
    """One status message per game, edited at most every `STATUS_EDIT_INTERVAL` seconds.

    `changed()` asks for a refresh; refreshes that arrive while one is pending
    are folded into it, so a burst of votes costs one edit. `count` is awaited
    at edit time and returns how many members have voted.
    """

    def __init__(self, interval: float = STATUS_EDIT_INTERVAL) -> None:
        self.interval = interval
        self._messages: dict[int, Message] = {}
        self._pending: dict[int, asyncio.Task[None]] = {}
        self._last_edit: dict[int, float] = {}

    def remember(self, game_id: int, message: Message) -> None:
        self._messages[game_id] = message
        self._last_edit[game_id] = asyncio.get_running_loop().time()

    def changed(self, bot: Bot, chat_id: int, game_id: int, count: VoterCount) -> None:
        if game_id in self._pending:
            return
        task = asyncio.get_running_loop().create_task(self._refresh(bot, chat_id, game_id, count))
        self._pending[game_id] = task

    async def _refresh(self, bot: Bot, chat_id: int, game_id: int, count: VoterCount) -> None:
        loop = asyncio.get_running_loop()
        wait = self._last_edit.get(game_id, -self.interval) + self.interval - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        self._pending.pop(game_id, None)  # votes from here on need another refresh
        try:
            text = status_text(game_id, await count())
            message = self._messages.get(game_id)
            if message is None:  # e.g. after a restart: a new status message
                self._messages[game_id] = await bot.send_message(chat_id, text)
            elif message.text != text:
                edited = await message.edit_text(text)
                if isinstance(edited, Message):  # True only for inline messages, not ours
                    self._messages[game_id] = edited
            self._last_edit[game_id] = loop.time()
        except TelegramError as error:
            log.warning("could not update the status of game %s: %s", game_id, error)

    def forget(self, game_id: int) -> None:
        """The game is over: stop refreshing its status."""
        task = self._pending.pop(game_id, None)
        if task is not None:
            task.cancel()
        self._messages.pop(game_id, None)
        self._last_edit.pop(game_id, None)

    async def aclose(self) -> None:
        tasks = list(self._pending.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def preformatted(text: str) -> list[str]:
    """Plain text as HTML <pre> blocks that each fit one message."""
    # Leaves room for the tags and for escaping, which makes & < > longer.
    return [
        f"<pre>{html.escape(part, quote=False)}</pre>"
        for part in split_message(text, PRE_BLOCK_CHARS)
    ]


async def post_table(bot: Bot, chat_id: int, title: str, text: str, chart_png: bytes) -> None:
    """The chart as a photo titled `title`, then the text (answers, scores, study table)."""
    with contextlib.suppress(TelegramError):  # the table below still carries every figure
        await bot.send_photo(
            chat_id,
            InputFile(chart_png, filename="study.png"),
            caption=shorten(title, MAX_CAPTION_CHARS),
        )
    for part in preformatted(text):
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)


async def post_reveal(bot: Bot, chat_id: int, reveal: Reveal) -> None:
    await post_table(
        bot,
        chat_id,
        f"Game {reveal.game_id}: AI or human? The answers",
        reveal.text(),
        reveal.chart_png,
    )
