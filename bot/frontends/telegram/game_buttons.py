"""The buttons under a game item: AI / Human, and Sure / Quality 1-5 for that vote."""

from __future__ import annotations

import asyncio
import weakref

from telegram import Update

from bot.errors import GameError
from bot.frontends.telegram.context import BotContext, actor_of, member_id, services_of
from bot.frontends.telegram.game_live import chat_of, status_changed
from bot.frontends.telegram.keyboards import parse_callback
from bot.frontends.telegram.limits import answer_quietly
from bot.services.games.models import Chat, VoteReceipt
from bot.services.games.service import VoteRow

VOTE_LOCKS_KEY = "vote_locks"
RATE_HINT = " Now tap how sure you are and how good it sounds (1–5)."


async def vote_button(update: Update, context: BotContext) -> None:
    """AI / Human under an item: store the vote (keeping any ratings), then say it counted."""
    query = update.callback_query
    if not (query is not None and query.data is not None and query.message is not None):
        return  # the handler filters route only such updates here
    game_id, letter, guess = parse_callback(query.data).fields
    chat, voter = chat_of(update), member_id(query.from_user)
    async with _vote_lock(context, chat, letter, voter):
        earlier = await _current_vote(context, chat, int(game_id), letter, voter)
        receipt = await services_of(context).games.vote(
            chat,
            letter,
            actor_of(query.from_user),
            guess,
            earlier.confidence if earlier else None,
            earlier.quality if earlier else None,
        )
    hint = "" if receipt.confidence and receipt.quality else RATE_HINT
    await answer_quietly(query, receipt.text() + hint)
    status_changed(context, query.message.chat.id, receipt.game_id)


async def rating_button(update: Update, context: BotContext) -> None:
    """Sure n (`gc:`) or Quality n (`gq:`): stored with the member's vote on that item."""
    query = update.callback_query
    if not (query is not None and query.data is not None):
        return  # the handler filters route only such updates here
    callback = parse_callback(query.data)
    game_id, letter, score = callback.fields
    chat, voter = chat_of(update), member_id(query.from_user)
    async with _vote_lock(context, chat, letter, voter):
        earlier = await _current_vote(context, chat, int(game_id), letter, voter)
        if earlier is None:
            await answer_quietly(
                query, f"Vote AI or Human on {letter} first, then rate it.", show_alert=True
            )
            return
        confidence, quality = earlier.confidence, earlier.quality
        if callback.action == "gc":
            confidence = int(score)
        else:
            quality = int(score)
        receipt = await services_of(context).games.vote(
            chat,
            letter,
            actor_of(query.from_user),
            earlier.guess,
            confidence,
            quality,
        )
    await answer_quietly(query, rating_text(receipt))


def _vote_lock(context: BotContext, chat: Chat, letter: str, voter: str) -> asyncio.Lock:
    """One lock per member and item: a vote is read, changed and written back as one step.

    Updates are handled concurrently, and members tap Sure and Quality within a
    second of each other; without the lock one rating could overwrite the other.
    Locks nobody holds are dropped (weak references).
    """
    locks: weakref.WeakValueDictionary[tuple[Chat, str, str], asyncio.Lock] = (
        context.application.bot_data.setdefault(VOTE_LOCKS_KEY, weakref.WeakValueDictionary())
    )
    key = (chat, letter, voter)
    lock = locks.get(key)
    if lock is None:
        lock = locks[key] = asyncio.Lock()
    return lock


def rating_text(receipt: VoteReceipt) -> str:
    """'Saved: A is AI, sure 4/5, quality 3/5.' (a dash for a rating not given yet)."""

    def score(value: int | None) -> str:
        return f"{value}/5" if value else "–"

    guess = "AI" if receipt.guess == "ai" else "human"
    return (
        f"Saved: {receipt.letter} is {guess}, sure {score(receipt.confidence)}, "
        f"quality {score(receipt.quality)}."
    )


async def _current_vote(
    context: BotContext, chat: Chat, game_id: int, letter: str, voter: str
) -> VoteRow | None:
    """The member's stored vote on the item; refuses buttons of a game no longer open here."""
    games = services_of(context).games
    open_game = await games.open_game(chat)
    if open_game is None or open_game.id != game_id:
        raise GameError(f"Game {game_id} is over; its votes are closed.")
    return await games.vote_of(game_id, letter, voter)
