"""Which update goes to which handler."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.telegram import melody_handlers


def register_handlers(application: Application) -> None:
    """Commands (also /name@BotName in groups) and button presses, by callback_data prefix."""
    application.add_handler(CommandHandler("help", melody_handlers.help_command))
    application.add_handler(CommandHandler("start", melody_handlers.help_command))
    application.add_handler(CommandHandler("melody", melody_handlers.melody_command))
    application.add_handler(
        CallbackQueryHandler(melody_handlers.melody_button, pattern=r"^m[nv]:"))
