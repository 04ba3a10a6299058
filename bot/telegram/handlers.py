"""Which update goes to which handler."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.telegram import game_handlers, melody_handlers

# A document whose caption is "/guess submit" (or "/guess@BotName submit").
SUBMIT_CAPTION = r"^/guess(@\w+)?\s+submit\b"


def register_handlers(application: Application) -> None:
    """Commands (also /name@BotName in groups), submissions, and buttons by callback prefix."""
    application.add_handler(CommandHandler(["help", "start"], melody_handlers.help_command))
    application.add_handler(CommandHandler("melody", melody_handlers.melody_command))
    application.add_handler(CommandHandler("guess", game_handlers.guess_command))
    application.add_handler(MessageHandler(
        filters.Document.ALL & filters.CaptionRegex(SUBMIT_CAPTION), game_handlers.submission))
    application.add_handler(
        CallbackQueryHandler(melody_handlers.melody_button, pattern=r"^m[nv]:"))
    application.add_handler(CallbackQueryHandler(game_handlers.vote_button, pattern=r"^gv:"))
    application.add_handler(CallbackQueryHandler(game_handlers.rating_button, pattern=r"^g[cq]:"))
