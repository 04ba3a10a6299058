"""The games service's actions about members and a chat's study rather than one game:
names, profiles, per-chat settings, exports, submissions and forgetting.

`CommunityActions` is a base of `GameService` (one entry point for front ends, this
file for this concern); it uses the service's `store`, `pool`, `cooldown`, `clock`
and human pool.

Public API: `CommunityActions`, `DEFAULT_SETTINGS`, `MAX_NAME_CHARS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.runtime.runner import JobRunner
from bot.services.actor import Actor
from bot.services.cooldown import Cooldown
from bot.services.games.authorship import stated_authorship
from bot.services.games.chat_settings import ChatSettings, change_settings, settings_of
from bot.services.games.export import StudyExport, export_study
from bot.services.games.models import Chat, PendingSubmission, SubmissionReceipt
from bot.services.games.options import DEFAULT_ITEMS, DEFAULT_MINUTES, checked_option
from bot.services.games.permissions import require_submissions_open
from bot.services.games.profiles import set_profile
from bot.services.games.submissions import (
    approve_submission,
    pending_submissions,
    submit_melody,
)
from bot.store import Store
from engine.fingerprint import titled_fingerprints
from engine.melody import Melody

MAX_NAME_CHARS = 64  # a display name longer than this is cut (Telegram allows 128)
DEFAULT_SETTINGS = ChatSettings(DEFAULT_ITEMS, DEFAULT_MINUTES)  # a chat that changed none


class CommunityActions:
    """Names, profiles, settings, exports, submissions and forgetting (see the module)."""

    store: Store
    pool: JobRunner
    cooldown: Cooldown
    clock: Callable[[], datetime]
    _human_pool: Callable[[], list[Melody]]
    _human_prints: list[tuple[str, frozenset[int]]] | None

    async def remember_name(self, member: str, name: str | None) -> None:
        """Store the display name a platform gives `member`, to show it instead of the id."""
        cleaned = " ".join((name or "").split())[:MAX_NAME_CHARS]
        if cleaned:
            await self.store.members.remember(member, cleaned, self.clock())

    async def _name_of(self, member: str) -> str:
        """`member`'s display name, or the id when none is known."""
        return (await self.store.members.names([member])).get(member, member)

    async def export(
        self, chat: Chat, actor: Actor, scope: str = "game", *, names: bool = False
    ) -> StudyExport:
        """The study's files (votes.csv, items.csv, participants.csv, codebook.json).

        `scope='game'`: the latest closed game, for its starter or an admin; `'all'`:
        every closed game, admins only; `names`: display names too, admins only.
        Members appear under the chat's pseudonyms.
        """
        return await export_study(
            self.store, chat, actor, scope, await self.settings(chat), names=names
        )

    # --- profiles and settings -----------------------------------------------------------

    async def profile(self, actor: Actor, experience: str, role: str) -> str:
        """Store the actor's answer to the study's question (a second answer replaces it)."""
        experience = str(checked_option("experience", experience))
        role = str(checked_option("role", role))
        await self.remember_name(actor.id, actor.name)
        return await set_profile(self.store, self.clock(), actor, experience=experience, role=role)

    async def settings(self, chat: Chat) -> ChatSettings:
        """The chat's game settings (the defaults until an admin changes them)."""
        return await settings_of(self.store, chat, DEFAULT_SETTINGS)

    async def change_settings(self, chat: Chat, actor: Actor, changes: dict[str, object]) -> str:
        """Show the settings (no changes) or change them (admins only); the reply text.

        `changes`: `/guess settings` option names to values, None for "not given".
        """
        checked = {name: checked_option(name, value) for name, value in changes.items()}
        return await change_settings(
            self.store,
            self.clock(),
            chat,
            actor,
            checked,
            DEFAULT_SETTINGS,
        )

    # --- submissions and forgetting --------------------------------------------------------

    async def submit(
        self,
        chat: Chat,
        actor: Actor,
        data: bytes,
        filename: str | None = None,
        *,
        authorship: str | None = None,
        source: str | None = None,
    ) -> SubmissionReceipt:
        """Parse an uploaded MIDI file in the pool (under its timeout) and queue it for review.

        `authorship` ('own' or 'public_domain', the latter with its `source`) is required:
        it is stored and shown at the reveal. The chat's settings may refuse submissions.
        The actor's name is credited when the melody is played; a submission costs one
        use of their cooldown.
        """
        require_submissions_open(allowed=(await self.settings(chat)).submissions_allowed)
        checked_option("authorship", authorship)
        statement = stated_authorship(authorship, source)
        self.cooldown.check(actor.id)
        await self.remember_name(actor.id, actor.name)
        return await submit_melody(
            self.store,
            self.pool,
            self.clock(),
            chat,
            actor.id,
            data,
            filename,
            self.human_prints,
            statement,
        )

    def human_prints(self) -> list[tuple[str, frozenset[int]]]:
        """The bundled human tunes' titles and fingerprints, computed once (about 0.1 s)."""
        if self._human_prints is None:
            self._human_prints = titled_fingerprints(self._human_pool())
        return self._human_prints

    async def approve(self, chat: Chat, submission_id: int, actor: Actor) -> str:
        """Let a pending submission of this chat into its games (admins only)."""
        return await approve_submission(self.store, self.clock(), chat, submission_id, actor)

    async def pending(self, chat: Chat) -> list[PendingSubmission]:
        """The chat's submissions waiting for approval, oldest first (what `approve` takes)."""
        return await pending_submissions(self.store, chat)

    async def forget(self, actor: Actor) -> str:
        """Delete the actor's votes, submissions and display name (on their request)."""
        votes, submissions = await self.store.members.forget(actor.id)
        return (
            f"Deleted {votes} vote{'s' * (votes != 1)}, {submissions} "
            f"submission{'s' * (submissions != 1)} and the name shown for you."
        )
