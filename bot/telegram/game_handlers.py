"""/guess …, vote and rating buttons, MIDI submissions: translate, call the games service, post.

Every rule (one open game per chat, who may close, vote replacement, what a
MIDI file may contain) lives in `bot.services.games`; errors propagate to
`failures.on_error`, which answers with the service's one-line message.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import weakref

from telegram import Bot, InputFile, Message, Update, User
from telegram.constants import ChatAction, ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.errors import GameError
from bot.grammar import split_command
from bot.services.game_models import Chat, Reveal, VoteReceipt
from bot.services.game_options import SUBCOMMAND_OPTIONS, parse_game_options
from bot.store import VoteRow
from bot.telegram.context import PLATFORM, member_id, services_of
from bot.telegram.failures import MAX_ALERT_CHARS
from bot.telegram.game_posts import (
    StatusBoard,
    game_intro,
    post_items,
    post_reveal,
    post_table,
    preformatted,
    status_text,
)
from bot.telegram.keyboards import parse_callback
from engine.params import ParamError, did_you_mean
from engine.submission import MAX_BYTES, MidiRejected

STATUS_KEY = "game_status"
VOTE_LOCKS_KEY = "vote_locks"
RATE_HINT = " Now tap how sure you are and how good it sounds (1–5)."
ACTIONS = ("start", "close", "results", "leaderboard", "export", "forget_me", "vote",
           "approve", "submit")
USAGE = ("Usage: /guess start [items:4 minutes:10] | close | results [scope:all] | "
         "leaderboard [min:5] | export | forget_me | vote item:A guess:ai | "
         "approve submission:1. To offer a melody, send a MIDI file with the caption "
         "/guess submit.")
ADMIN_STATUSES = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def status_board(application: Application) -> StatusBoard:
    return application.bot_data.setdefault(STATUS_KEY, StatusBoard())


def _chat(update: Update) -> Chat:
    assert update.effective_chat is not None
    return Chat(PLATFORM, str(update.effective_chat.id))


async def _is_admin(bot: Bot, chat_id: int, chat_type: str, user: User) -> bool:
    """Group admins and owners; in a private chat the member is the only one there."""
    if chat_type == ChatType.PRIVATE:
        return True
    member = await bot.get_chat_member(chat_id, user.id)
    return member.status in ADMIN_STATUSES


# ---- /guess ------------------------------------------------------------------------------------


async def guess_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/guess <action> [name:value …]: dispatch to the action's handler."""
    message = update.effective_message
    assert message is not None and message.text is not None
    _, rest = split_command(message.text)
    action, _, options = rest.partition(" ")
    action = action.lower().replace("-", "_")
    if not action:
        await message.reply_text(USAGE)
        return
    if action not in ACTIONS:
        raise ParamError(f'Unknown /guess action "{action}". Actions: {", ".join(ACTIONS)}.'
                         + did_you_mean(action, ACTIONS), action)
    handler = _ACTIONS[action]
    values = parse_game_options(action, options) if action in SUBCOMMAND_OPTIONS else {}
    if action not in SUBCOMMAND_OPTIONS and options.strip():
        raise ParamError(f"{action} takes no options (got {options.strip()!r}).", options)
    await handler(update, context, message, values)


async def _start(update: Update, context, message: Message, values: dict) -> None:
    user = update.effective_user
    assert user is not None
    services = services_of(context)
    services.cooldown.check(member_id(user))
    await context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_VOICE)
    preparing = await message.reply_text(
        f"Preparing a game of {values['items']} melodies… this takes a moment.")
    try:
        game = await services.games.start(_chat(update), member_id(user),
                                          items=int(values["items"]),
                                          minutes=int(values["minutes"]))
    finally:
        with contextlib.suppress(TelegramError):
            await preparing.delete()
    await message.reply_text(game_intro(game))
    await post_items(context.bot, message.chat_id, game)
    status = await context.bot.send_message(message.chat_id, status_text(game.game_id, 0, 0))
    status_board(context.application).remember(game.game_id, status)


async def _close(update: Update, context, message: Message, values: dict) -> None:
    user = update.effective_user
    assert user is not None
    admin = await _is_admin(context.bot, message.chat_id, message.chat.type, user)
    reveal = await services_of(context).games.close(_chat(update), member_id(user), admin)
    status_board(context.application).forget(reveal.game_id)
    await post_reveal(context.bot, message.chat_id, reveal)


async def _results(update: Update, context, message: Message, values: dict) -> None:
    results = await services_of(context).games.results(_chat(update), str(values["scope"]))
    await post_table(context.bot, message.chat_id, results.title, results.text(),
                     results.chart_png)


async def _leaderboard(update: Update, context, message: Message, values: dict) -> None:
    text = await services_of(context).games.leaderboard(_chat(update), int(values["min"]))
    for part in preformatted(text):
        await message.reply_text(part, parse_mode=ParseMode.HTML)


async def _export(update: Update, context, message: Message, values: dict) -> None:
    csv_text = await services_of(context).games.export_csv(_chat(update))
    await message.reply_document(
        InputFile(csv_text.encode(), filename=f"votes-telegram-{message.chat_id}.csv"),
        caption="Every vote of this chat's closed games (times in UTC).")


async def _forget_me(update: Update, context, message: Message, values: dict) -> None:
    assert update.effective_user is not None
    await message.reply_text(
        await services_of(context).games.forget(member_id(update.effective_user)))


async def _vote(update: Update, context, message: Message, values: dict) -> None:
    assert update.effective_user is not None
    receipt = await services_of(context).games.vote(
        _chat(update), str(values["item"]), member_id(update.effective_user),
        str(values["guess"]), values["confidence"], values["quality"])
    await message.reply_text(receipt.text())
    _status_changed(context, message.chat_id, receipt.game_id)


async def _approve(update: Update, context, message: Message, values: dict) -> None:
    user = update.effective_user
    assert user is not None
    admin = await _is_admin(context.bot, message.chat_id, message.chat.type, user)
    text = await services_of(context).games.approve(
        _chat(update), int(values["submission"]), member_id(user), admin)
    await message.reply_text(text)


async def _submit_without_file(update: Update, context, message: Message, values: dict) -> None:
    await message.reply_text(
        f"Send the MIDI file as a document with the caption /guess submit "
        f"(at most {MAX_BYTES // 1024} KB).")


_ACTIONS = {
    "start": _start, "close": _close, "results": _results, "leaderboard": _leaderboard,
    "export": _export, "forget_me": _forget_me, "vote": _vote, "approve": _approve,
    "submit": _submit_without_file,
}


# ---- submissions -------------------------------------------------------------------------------


async def submission(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document captioned /guess submit: size-checked before download, parsed by the service."""
    message = update.effective_message
    assert message is not None and message.document is not None and update.effective_user
    document = message.document
    size = document.file_size or 0
    if size > MAX_BYTES:
        # Refused before downloading anything: Telegram states the size.
        raise MidiRejected(f"The file is {math.ceil(size / 1024)} KB; a submission may be at "
                           f"most {MAX_BYTES // 1024} KB.")
    services = services_of(context)
    services.cooldown.check(member_id(update.effective_user))
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    receipt = await services.games.submit(_chat(update), member_id(update.effective_user), data,
                                          document.file_name)
    await message.reply_text(receipt.text())


# ---- buttons -----------------------------------------------------------------------------------


async def vote_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """AI / Human under an item: store the vote (keeping any ratings), then say it counted."""
    query = update.callback_query
    assert query is not None and query.data is not None and query.message is not None
    game_id, letter, guess = parse_callback(query.data).fields
    chat, voter = _chat(update), member_id(query.from_user)
    async with _vote_lock(context, chat, letter, voter):
        earlier = await _current_vote(context, chat, int(game_id), letter, voter)
        receipt = await services_of(context).games.vote(
            chat, letter, voter, guess, earlier.confidence if earlier else None,
            earlier.quality if earlier else None)
    hint = "" if receipt.confidence and receipt.quality else RATE_HINT
    await query.answer((receipt.text() + hint)[:MAX_ALERT_CHARS])
    _status_changed(context, query.message.chat.id, receipt.game_id)


async def rating_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sure n (`gc:`) or Quality n (`gq:`): stored with the member's vote on that item."""
    query = update.callback_query
    assert query is not None and query.data is not None
    callback = parse_callback(query.data)
    game_id, letter, score = callback.fields
    chat, voter = _chat(update), member_id(query.from_user)
    async with _vote_lock(context, chat, letter, voter):
        earlier = await _current_vote(context, chat, int(game_id), letter, voter)
        if earlier is None:
            await query.answer(f"Vote AI or Human on {letter} first, then rate it.",
                               show_alert=True)
            return
        confidence, quality = earlier.confidence, earlier.quality
        if callback.action == "gc":
            confidence = int(score)
        else:
            quality = int(score)
        receipt = await services_of(context).games.vote(chat, letter, voter, earlier.guess,
                                                        confidence, quality)
    await query.answer(rating_text(receipt))


def _vote_lock(context, chat: Chat, letter: str, voter: str) -> asyncio.Lock:
    """One lock per member and item: a vote is read, changed and written back as one step.

    Updates are handled concurrently, and members tap Sure and Quality within a
    second of each other; without the lock one rating could overwrite the other.
    Locks nobody holds are dropped (weak references).
    """
    locks: weakref.WeakValueDictionary = context.application.bot_data.setdefault(
        VOTE_LOCKS_KEY, weakref.WeakValueDictionary())
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
    return (f"Saved: {receipt.letter} is {guess}, sure {score(receipt.confidence)}, "
            f"quality {score(receipt.quality)}.")


async def _current_vote(context, chat: Chat, game_id: int, letter: str,
                        voter: str) -> VoteRow | None:
    """The member's stored vote on the item; refuses buttons of a game no longer open here."""
    store = services_of(context).games.store
    open_game = await store.open_game(chat.platform, chat.id)
    if open_game is None or open_game.id != game_id:
        raise GameError(f"Game {game_id} is over; its votes are closed.")
    votes = await store.game_votes(game_id)
    return next((v for v in votes if v.letter == letter and v.voter == voter), None)


def _status_changed(context, chat_id: int, game_id: int) -> None:
    games = services_of(context).games

    async def count() -> tuple[int, int]:
        votes = await games.store.game_votes(game_id)
        return len(votes), len({v.voter for v in votes})

    status_board(context.application).changed(context.bot, chat_id, game_id, count)


# ---- timed closes ------------------------------------------------------------------------------


def close_listener(application: Application):
    """The callback the games service awaits when a Telegram game closes by its timer."""

    async def on_closed(reveal: Reveal) -> None:
        if not application.running:
            return  # a stopped bot of this process; the running one posts it
        status_board(application).forget(reveal.game_id)
        await post_reveal(application.bot, int(reveal.chat), reveal)

    return on_closed
