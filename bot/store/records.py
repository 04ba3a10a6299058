"""Rows read from the store, as small frozen dataclasses. Times are aware UTC datetimes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class GameRow:
    """A game: where it runs, who started it, and when it opened and closes (UTC)."""

    id: int
    platform: str
    chat: str
    creator: str
    status: str
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    message: str | None = None  # where the game's message was posted (platform-specific)
    announced_at: datetime | None = None  # when its reveal was posted; None: not yet

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class ItemRow:
    """One item of a game with the truth and provenance of its melody."""

    id: int
    game_id: int
    position: int
    letter: str
    melody_id: int
    source: str
    params: dict[str, Any]
    title: str | None
    collection: str | None
    submitter: str | None
    authorship: str | None = None  # submissions: 'own' or 'public_domain' (see migration 008)
    authorship_source: str | None = None  # where a public-domain melody comes from
    measures: dict[str, float] | None = None  # knob measures as posted (revision 0009)


@dataclass(frozen=True, slots=True)
class VoteRow:
    """One stored vote joined with its item's truth. Ratings are 1-5 or None."""

    game_id: int
    letter: str
    source: str
    title: str | None
    voter: str
    guess: str
    confidence: int | None
    quality: int | None
    voted_at: datetime
    shown_position: int | None = None  # where the item was shown in its game, 1 = first
    first_vote_seconds: float | None = None  # seconds from the game's posting to the first vote
    changes: int = 0  # how often the member changed this vote

    @property
    def correct(self) -> bool:
        return self.source == self.guess


@dataclass(frozen=True)
class MelodyRow:
    """A stored melody: its source, parameters, provenance and MIDI bytes."""

    id: int
    source: str
    params: dict[str, Any]
    seed: int | None
    title: str | None
    collection: str | None
    submitter: str | None
    midi: bytes
    authorship: str | None = None
    authorship_source: str | None = None


@dataclass(frozen=True)
class SubmissionRow:
    """A member's uploaded melody and where it stands in moderation."""

    id: int
    platform: str
    chat: str
    submitter: str
    filename: str | None
    melody_id: int
    state: str
    submitted_at: datetime
    reviewed_by: str | None


@dataclass(frozen=True)
class ProfileRow:
    """A member's answer to `/guess profile`: experience and role (migration 008's values)."""

    member: str
    experience: str
    role: str
    updated_at: datetime


@dataclass(frozen=True)
class ChatSettingsRow:
    """A chat's stored game settings (`/guess settings`); minutes are minutes, items items.

    `submissions_allowed`: members may `/guess submit`; `starters`: 'everyone' or 'admins';
    `min_experience`/`min_role`: the least profile whose votes count in results (None: any).
    """

    platform: str
    chat: str
    default_items: int
    default_minutes: int
    starters: str
    submissions_allowed: bool
    min_experience: str | None
    min_role: str | None
    updated_by: str
    updated_at: datetime
