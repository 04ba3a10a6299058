"""Which update goes to which handler."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.frontends.telegram import game_buttons, game_commands, melody_handlers
from bot.frontends.telegram.context import AnyApplication

# A document whose caption is "/guess submit" (or "/guess@BotName submit").
SUBMIT_CAPTION = r"^/guess(@\w+)?\s+submit\b"
# New messages only: editing an old /melody must not compose it again.
NEW = filters.UpdateType.MESSAGE


def register_handlers(application: AnyApplication) -> None:
    """Commands (also /name@BotName in groups), submissions, and buttons by callback prefix."""
    application.add_handler(
        CommandHandler(["help", "start"], melody_handlers.help_command, filters=NEW)
    )
    application.add_handler(CommandHandler("melody", melody_handlers.melody_command, filters=NEW))
    application.add_handler(CommandHandler("guess", game_commands.guess_command, filters=NEW))
    application.add_handler(
        MessageHandler(
            NEW & filters.Document.ALL & filters.CaptionRegex(SUBMIT_CAPTION),
            game_commands.submission,
        )
    )
    melody_buttons = CallbackQueryHandler(melody_handlers.melody_button, pattern=r"^m[nvf]:")
    application.add_handler(melody_buttons)
    application.add_handler(CallbackQueryHandler(game_buttons.vote_button, pattern=r"^gv:"))
    application.add_handler(CallbackQueryHandler(game_buttons.rating_button, pattern=r"^g[cq]:"))
