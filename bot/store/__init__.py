"""SQLite storage for games, votes, melodies and submissions (aiosqlite, WAL, migrations).

Public API: `Store`, `GameAlreadyOpen`, and the row types `GameRow`, `ItemRow`,
`VoteRow`, `MelodyRow`, `SubmissionRow`.
"""

from bot.store.db import GameAlreadyOpen
from bot.store.records import GameRow, ItemRow, MelodyRow, SubmissionRow, VoteRow
from bot.store.store import Store

__all__ = [
    "GameAlreadyOpen",
    "GameRow",
    "ItemRow",
    "MelodyRow",
    "Store",
    "SubmissionRow",
    "VoteRow",
]
