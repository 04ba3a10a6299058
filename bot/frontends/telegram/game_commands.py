"""/guess <action> and MIDI submissions: translate, call the games service, post.

Every rule (one open game per chat, who may close, vote replacement, what a
MIDI file may contain) lives in `bot.services.games`; errors propagate to
`failures.on_error`, which answers with the service's one-line message.
"""

from __future__ import annotations

import contextlib
from typing import Any, TypeAlias

from telegram import InputFile, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from bot.errors import GameError
from bot.frontends.telegram.context import (
    BotContext,
    actor_of,
    actor_with_role,
    services_of,
)
from bot.frontends.telegram.game_live import chat_of, status_board, status_changed
from bot.frontends.telegram.game_posts import (
    game_intro,
    post_items,
    post_reveal,
    post_table,
    preformatted,
    status_text,
)
from bot.frontends.telegram.limits import MAX_CAPTION_CHARS, fit_lines
from bot.services.games.models import pending_text
from bot.services.games.options import (
    GAME_OPTIONS,
    GUESS_ACTIONS,
    SUBCOMMAND_OPTIONS,
    find_action,
    parse_game_options,
)
from bot.services.games.submissions import check_declared
from bot.services.grammar import split_command
from engine.errors import ParamError
from engine.human.submission import MAX_BYTES

MAX_UPLOAD_BYTES = 50 * 2**20  # Bot API: a bot sends files of at most 50 MB
Context: TypeAlias = BotContext
Values: TypeAlias = dict[str, Any]  # a /guess action's options, parsed by name


def guess_usage() -> str:
    """Every /guess action with its options, from the games service's option table."""
    forms = []
    for action in GUESS_ACTIONS:
        options = []
        for name in action.options:
            param = GAME_OPTIONS[name]
            if name in action.required:
                options.append(f"{name}:<{'number' if param.is_number else param.allowed()}>")
            elif param.default is not None:
                options.append(f"[{name}:{param.default}]")
            else:
                options.append(f"[{name}:<{param.allowed()}>]")
        forms.append(" ".join(["/guess", action.name, *options]))
    return (
        "Usage:\n" + "\n".join(forms) + "\nTo offer a melody, send a MIDI file as a "
        "document with the caption /guess submit."
    )


async def guess_command(update: Update, context: BotContext) -> None:
    """/guess <action> [name:value …]: dispatch to the action's handler."""
    message = update.effective_message
    if not (message is not None and message.text is not None):
        return  # the handler filters route only such updates here
    _, rest = split_command(message.text)
    typed, _, options = rest.partition(" ")
    if not typed:
        await message.reply_text(guess_usage())
        return
    action = find_action(typed).name
    # A vote's item is checked against the open game's own letters, not all ten.
    letters = (
        await services_of(context).games.item_letters(chat_of(update)) if action == "vote" else ()
    )
    values = (
        parse_game_options(action, options, letters=letters) if action in SUBCOMMAND_OPTIONS else {}
    )
    if action not in SUBCOMMAND_OPTIONS and options.strip():
        raise ParamError(f"{action} takes no options (got {options.strip()!r}).", options)
    await _ACTIONS[action](update, context, message, values)


async def _start(update: Update, context: Context, message: Message, values: Values) -> None:
    user = update.effective_user
    if user is None:
        return  # the handler filters route only such updates here
    services = services_of(context)
    await context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_VOICE)
    # Left out, items and minutes are the chat's settings (checked again by the service).
    items = values["items"] or (await services.games.settings(chat_of(update))).default_items
    preparing = await message.reply_text(
        f"Preparing a game of {items} melodies… this takes a moment."
    )
    try:
        game = await services.games.start(
            chat_of(update),
            await actor_with_role(context.bot, message.chat_id, message.chat.type, user),
            items=values["items"],
            minutes=values["minutes"],
        )
    finally:
        with contextlib.suppress(TelegramError):
            await preparing.delete()
    try:
        await message.reply_text(game_intro(game))
        await post_items(context.bot, message.chat_id, game)
        status = await context.bot.send_message(message.chat_id, status_text(game.game_id, 0))
    except TelegramError as refused:
        # A game nobody can see must not block the chat until its time is up.
        await services.games.cancel_unposted(game.game_id)
        raise GameError(
            f"Telegram refused to post game {game.game_id} ({refused.message}), so it was "
            "cancelled with no votes. Start another with /guess start."
        ) from None
    status_board(context.application).remember(game.game_id, status)


async def _close(update: Update, context: Context, message: Message, values: Values) -> None:
    user = update.effective_user
    if user is None:
        return  # the handler filters route only such updates here
    actor = await actor_with_role(context.bot, message.chat_id, message.chat.type, user)
    reveal = await services_of(context).games.close(chat_of(update), actor)
    status_board(context.application).forget(reveal.game_id)
    await post_reveal(context.bot, message.chat_id, reveal)


async def _results(update: Update, context: Context, message: Message, values: Values) -> None:
    results = await services_of(context).games.results(
        chat_of(update), str(values["scope"]), values["by"]
    )
    await post_table(context.bot, message.chat_id, results.title, results.text(), results.chart_png)


async def _leaderboard(update: Update, context: Context, message: Message, values: Values) -> None:
    text = await services_of(context).games.leaderboard(chat_of(update), int(values["min"]))
    for part in preformatted(text):
        await message.reply_text(part, parse_mode=ParseMode.HTML)


async def _export(update: Update, context: Context, message: Message, values: Values) -> None:
    user = update.effective_user
    if user is None:
        return  # the handler filters route only such updates here
    actor = await actor_with_role(context.bot, message.chat_id, message.chat.type, user)
    export = await services_of(context).games.export(
        chat_of(update), actor, str(values["scope"]), names=bool(values["names"])
    )
    data = export.zip_bytes()
    if len(data) > MAX_UPLOAD_BYTES:
        raise GameError(
            f"The export is {len(data) // 2**20} MB, over Telegram's {MAX_UPLOAD_BYTES // 2**20} "
            "MB for a bot's file; export the latest game (scope:game)."
        )
    await message.reply_document(
        InputFile(data, filename=f"study-telegram-{message.chat_id}-{export.scope}.zip"),
        caption=export.summary()[:MAX_CAPTION_CHARS],
    )


async def _profile(update: Update, context: Context, message: Message, values: Values) -> None:
    if update.effective_user is None:
        return  # the handler filters route only such updates here
    text = await services_of(context).games.profile(
        actor_of(update.effective_user), str(values["experience"]), str(values["role"])
    )
    await message.reply_text(text)


async def _settings(update: Update, context: Context, message: Message, values: Values) -> None:
    user = update.effective_user
    if user is None:
        return  # the handler filters route only such updates here
    actor = await actor_with_role(context.bot, message.chat_id, message.chat.type, user)
    await message.reply_text(
        await services_of(context).games.change_settings(chat_of(update), actor, values)
    )


async def _forget_me(update: Update, context: Context, message: Message, values: Values) -> None:
    if update.effective_user is None:
        return  # the handler filters route only such updates here
    await message.reply_text(
        await services_of(context).games.forget(actor_of(update.effective_user))
    )


async def _vote(update: Update, context: Context, message: Message, values: Values) -> None:
    user = update.effective_user
    if user is None:
        return  # the handler filters route only such updates here
    receipt = await services_of(context).games.vote(
        chat_of(update),
        str(values["item"]),
        actor_of(user),
        str(values["guess"]),
        values["confidence"],
        values["quality"],
    )
    await message.reply_text(receipt.text())
    status_changed(context, message.chat_id, receipt.game_id)


async def _approve(update: Update, context: Context, message: Message, values: Values) -> None:
    user = update.effective_user
    if user is None:
        return  # the handler filters route only such updates here
    games = services_of(context).games
    if values["submission"] is None:  # a bare /guess approve lists what waits
        pending = pending_text(await games.pending(chat_of(update)))
        await message.reply_text(fit_lines(pending, keep_last=1))  # keep how to approve
        return
    actor = await actor_with_role(context.bot, message.chat_id, message.chat.type, user)
    text = await games.approve(chat_of(update), int(values["submission"]), actor)
    await message.reply_text(fit_lines(text))


async def _submit_without_file(
    update: Update, context: Context, message: Message, values: Values
) -> None:
    await message.reply_text(
        f"Send the MIDI file as a document with the caption /guess submit "
        f'authorship:own, or authorship:public_domain source:"where it comes from" '
        f"(at most {MAX_BYTES // 1024} KB)."
    )


_ACTIONS = {
    "start": _start,
    "close": _close,
    "results": _results,
    "leaderboard": _leaderboard,
    "export": _export,
    "forget_me": _forget_me,
    "vote": _vote,
    "approve": _approve,
    "submit": _submit_without_file,
    "profile": _profile,
    "settings": _settings,
}


async def submission(update: Update, context: BotContext) -> None:
    """A document captioned /guess submit: size-checked before download, parsed by the service."""
    message = update.effective_message
    if not (message is not None and message.document is not None and update.effective_user):
        return  # the handler filters route only such updates here
    mention = _mentioned_bot(message.caption or "")
    if mention and mention != (context.bot.username or "").lower():
        return  # "/guess@another_bot submit" is for another bot in the group
    document = message.document
    # Refused before downloading anything: Telegram states the name, type and size.
    check_declared(document.file_name, document.mime_type, document.file_size or 0)
    # The caption's options ("/guess submit authorship:own") are checked before the download.
    _, rest = split_command(message.caption or "")
    stated = parse_game_options("submit", rest.partition(" ")[2])
    services = services_of(context)
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    receipt = await services.games.submit(
        chat_of(update),
        actor_of(update.effective_user),
        data,
        document.file_name,
        authorship=str(stated["authorship"]),
        source=None if stated["source"] is None else str(stated["source"]),
    )
    await message.reply_text(fit_lines(receipt.text()))


def _mentioned_bot(command_line: str) -> str:
    """'/guess@Melody_Bot submit' -> 'melody_bot'; '' when no bot is named."""
    head = command_line.strip().split(maxsplit=1)[0] if command_line.strip() else ""
    return head.partition("@")[2].lower()
