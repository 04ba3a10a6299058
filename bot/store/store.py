"""The store: one database and a repository per aggregate.

`async with Store(path_or_url) as store:` opens the database (`bot.store.db`: a SQLite
file, or PostgreSQL for a `postgresql://` URL), and
`store.melodies`, `store.games`, `store.votes`, `store.submissions`, `store.members`,
`store.fingerprints`, `store.chat_secrets`, `store.profiles` and `store.chat_settings`
read and write their own tables through it.
Every write commits before its method returns, so a vote is on disk before anyone is
told it counted.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import aiosqlite

from bot.store.chat_secrets import ChatSecretRepository
from bot.store.chat_settings import ChatSettingsRepository
from bot.store.db import Database
from bot.store.fingerprints import FingerprintRepository
from bot.store.games import GameRepository
from bot.store.melodies import MelodyRepository
from bot.store.members import MemberRepository
from bot.store.profiles import ProfileRepository
from bot.store.submissions import SubmissionRepository
from bot.store.votes import VoteRepository


class Store:
    """The bot's database, by aggregate. Use as `async with Store(path) as store:`."""

    def __init__(self, path: Path | str) -> None:
        self.database = Database(path)
        self.melodies = MelodyRepository(self.database)
        self.games = GameRepository(self.database)
        self.votes = VoteRepository(self.database)
        self.submissions = SubmissionRepository(self.database)
        self.members = MemberRepository(self.database)
        self.fingerprints = FingerprintRepository(self.database)
        self.chat_secrets = ChatSecretRepository(self.database)
        self.profiles = ProfileRepository(self.database)
        self.chat_settings = ChatSettingsRepository(self.database)

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def db(self) -> aiosqlite.Connection:
        """SQLite's one connection, for tests that look at the tables directly."""
        return self.database.db

    async def __aenter__(self) -> Store:
        await self.database.open()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.database.close()

    async def schema_version(self) -> int:
        return await self.database.schema_version()
