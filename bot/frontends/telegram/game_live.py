"""A game's life in a chat beyond single commands: the vote-count status and timed closes."""

from __future__ import annotations

from telegram import Update

from bot.frontends.telegram.context import PLATFORM, AnyApplication, BotContext, services_of
from bot.frontends.telegram.game_posts import StatusBoard, post_reveal
from bot.services.games.models import Chat, Reveal
from bot.services.games.timers import CloseListener

STATUS_KEY = "game_status"


def chat_of(update: Update) -> Chat:
    """The games service's name for the update's chat."""
    if update.effective_chat is None:
        raise ValueError("an update without a chat has no game")
    return Chat(PLATFORM, str(update.effective_chat.id))


def status_board(application: AnyApplication) -> StatusBoard:
    board: StatusBoard = application.bot_data.setdefault(STATUS_KEY, StatusBoard())
    return board


def status_changed(context: BotContext, chat_id: int, game_id: int) -> None:
    """A vote was stored: refresh the game's status message (throttled by the board)."""
    games = services_of(context).games

    async def count() -> int:
        return await games.voter_count(game_id)

    status_board(context.application).changed(context.bot, chat_id, game_id, count)


def close_listener(application: AnyApplication) -> CloseListener:
    """The callback the games service awaits when a Telegram game closes by its timer."""

    async def on_closed(reveal: Reveal) -> None:
        if not application.running:
            return  # a stopped bot of this process; the running one posts it
        status_board(application).forget(reveal.game_id)
        await post_reveal(application.bot, int(reveal.chat), reveal)

    return on_closed
