"""Storage for games, votes, melodies and submissions: SQLite, or PostgreSQL for DATABASE_URL.

Public API: `Store`, `GameAlreadyOpen`, and the row types `GameRow`, `ItemRow`,
`VoteRow`, `MelodyRow`, `SubmissionRow`, `ProfileRow`, `ChatSettingsRow`.
"""

from bot.store.db import GameAlreadyOpen
from bot.store.records import (
    ChatSettingsRow,
    GameRow,
    ItemRow,
    MelodyRow,
    ProfileRow,
    SubmissionRow,
    VoteRow,
)
from bot.store.store import Store

__all__ = [
    "ChatSettingsRow",
    "GameAlreadyOpen",
    "GameRow",
    "ItemRow",
    "MelodyRow",
    "ProfileRow",
    "Store",
    "SubmissionRow",
    "VoteRow",
]
