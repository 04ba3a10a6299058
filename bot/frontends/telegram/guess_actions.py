"""The `/guess` actions on Telegram, derived from the games service's action table.

Kept apart from the handlers so the command list and /help texts (`replies`) can
name them without importing the handlers. Every action's name is already a valid
Telegram word ([a-z0-9_]), so Telegram spells them as the table does.
"""

from __future__ import annotations

from bot.services.games.options import GUESS_ACTIONS

ACTIONS: tuple[str, ...] = tuple(action.name for action in GUESS_ACTIONS)
# What members type as `/guess <action>`; a submission is a captioned file instead.
TYPED_ACTIONS: tuple[str, ...] = tuple(a.name for a in GUESS_ACTIONS if not a.takes_file)
