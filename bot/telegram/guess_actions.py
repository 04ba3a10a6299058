"""The `/guess` actions on Telegram, derived from the games service's option table.

Kept apart from the handlers so the command list and /help texts (`replies`) can
name them without importing the handlers.
"""

from __future__ import annotations

from bot.services.game_options import SUBCOMMAND_OPTIONS

# Actions beyond the service's option table: both take no options.
EXTRA_ACTIONS = ("forget_me", "submit")
ACTIONS: tuple[str, ...] = (*SUBCOMMAND_OPTIONS, *EXTRA_ACTIONS)
# What members type as `/guess <action>`; a submission is a captioned file instead.
TYPED_ACTIONS: tuple[str, ...] = tuple(a for a in ACTIONS if a != "submit")
