"""What the games service hands to front ends: games, items, vote receipts and reveals.

Each result carries the platform-neutral text an adapter posts, plus the bytes
(MP3, chart PNG) it attaches. Times are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.runtime.jobs import Rendered
from bot.services.games.stats import LeaderboardRow, StudyTable, format_table, percent


@dataclass(frozen=True)
class Chat:
    """Where a game runs: platform ('console', 'discord', 'telegram') and the chat's id there."""

    platform: str
    id: str


def utc_clock_text(moment: datetime) -> str:
    """'21:40 UTC' style time for messages."""
    return moment.strftime("%H:%M UTC")


@dataclass(frozen=True)
class GameItem:
    """One item to post: its letter and its rendered audio (melody only)."""

    letter: str
    rendered: Rendered


@dataclass(frozen=True)
class StartedGame:
    """A game that has just opened."""

    game_id: int
    chat: Chat
    creator: str
    closes_at: datetime
    items: tuple[GameItem, ...]

    @property
    def letters(self) -> str:
        return ", ".join(item.letter for item in self.items)

    def text(self) -> str:
        first = self.items[0].letter
        return (
            f"Game {self.game_id}: AI or human? Listen to {len(self.items)} melodies "
            f"({self.letters}). Some were composed by the bot, some by people. "
            f"Vote on each one, e.g. /guess vote item:{first} guess:ai confidence:4 quality:3 "
            f"(confidence and quality 1–5 are optional). "
            f"Voting closes at {utc_clock_text(self.closes_at)}."
        )


@dataclass(frozen=True)
class VoteReceipt:
    """A vote that is stored (committed) — only then is the voter told."""

    game_id: int
    letter: str
    guess: str
    confidence: int | None
    quality: int | None
    replaced: bool

    def text(self) -> str:
        extras = [
            f"{name} {value}"
            for name, value in (("confidence", self.confidence), ("quality", self.quality))
            if value
        ]
        detail = self.guess.upper() if self.guess == "ai" else self.guess
        if extras:
            detail += ", " + ", ".join(extras)
        verb = "replaced your earlier vote" if self.replaced else "counted"
        return f"Your vote on {self.letter} ({detail}) {verb}."


@dataclass(frozen=True)
class RevealedItem:
    """An item's truth and where it came from."""

    letter: str
    source: str
    title: str | None
    collection: str | None
    submitter: str | None
    params: dict[str, Any]
    submitter_name: str | None = None  # the submitter's display name, when known
    votes: int = 0  # judgements of this item
    judged_ai: int = 0  # of them, how many said AI (which melodies fooled people)
    authorship: str = ""  # a submission's statement as shown, e.g. 'written by the submitter'

    def text(self) -> str:
        return self._truth() + (
            f"; judged AI by {self.judged_ai} of {self.votes}" if self.votes else ""
        )

    def _truth(self) -> str:
        if self.source == "ai":
            p = self.params
            return (
                f"{self.letter}: AI, composed by the bot ({p.get('key')} "
                f"{str(p.get('scale', '')).replace('_', ' ')}, seed {p.get('seed')})"
            )
        origin = f'"{self.title}"' if self.title else "a human melody"
        if self.collection:
            origin += f" from {self.collection}"
        if self.submitter:
            origin += f", submitted by {self.submitter_name or self.submitter}"
        if self.authorship:
            origin += f" ({self.authorship})"
        return f"{self.letter}: HUMAN, {origin}"


@dataclass(frozen=True)
class Reveal:
    """Everything shown when a game closes: truths, each voter's score, the study table, chart."""

    game_id: int
    platform: str
    chat: str
    closed_by: str | None
    items: tuple[RevealedItem, ...]
    scores: tuple[LeaderboardRow, ...]
    table: StudyTable
    chart_png: bytes
    closed_by_name: str | None = None  # the closer's display name, when known
    table_note: str = ""  # how many votes count under the chat's minimum profile, if one is set

    def text(self) -> str:
        closer = (
            "time's up"
            if self.closed_by == "timer"
            else f"closed by {self.closed_by_name or self.closed_by}"
        )
        lines = [f"Game {self.game_id} is over ({closer}). The answers:"]
        lines += [item.text() for item in self.items]
        lines.append("")
        if self.scores:
            lines.append("Scores:")
            lines += [
                f"{row.label}: {row.correct} of {row.n} right ({percent(row.accuracy)})"
                for row in self.scores
            ]
        else:
            lines.append("Nobody voted.")
        lines += ["", *([self.table_note] if self.table_note else []), format_table(self.table)]
        return "\n".join(lines)


@dataclass(frozen=True)
class Results:
    """The study table over one game or all games of a chat, with its chart."""

    title: str
    table: StudyTable
    chart_png: bytes
    reveal: Reveal | None = None  # set for a single game: its answers and scores too
    # Over all games: per participant, GEE, vs the study; always: calibration, quality by
    # source, and the split by profile when asked for.
    analysis: str = ""

    def text(self) -> str:
        if self.reveal is not None:
            extra = f"\n\n{self.analysis}" if self.analysis else ""
            return self.reveal.text() + extra
        analysis = f"\n\n{self.analysis}" if self.analysis else ""
        return f"{self.title}\n{format_table(self.table)}{analysis}"


@dataclass(frozen=True)
class SubmissionReceipt:
    """A parsed, stored submission waiting for an admin."""

    submission_id: int
    title: str
    summary: str
    authorship: str = ""  # the submitter's statement as shown, e.g. 'written by the submitter'

    def text(self) -> str:
        stated = f" Stated: {self.authorship}." if self.authorship else ""
        return (
            f'Submission {self.submission_id} received: "{self.title}", {self.summary}.{stated} '
            f"An admin can approve it with /guess approve submission:{self.submission_id}; "
            "you will be credited when it is played."
        )


@dataclass(frozen=True)
class PendingSubmission:
    """A submission waiting for an admin: its number, title and submitter's display name."""

    submission_id: int
    title: str
    submitter: str
    submitted_at: datetime

    def line(self) -> str:
        """'#3 "Frère Jacques" by Ann' — how it is listed and offered for autocomplete."""
        return f'#{self.submission_id} "{self.title}" by {self.submitter}'


def pending_text(pending: list[PendingSubmission]) -> str:
    """The answer to a bare `/guess approve`: every waiting submission, and how to approve one."""
    if not pending:
        return "No submissions are waiting for approval in this chat."
    lines = ["Submissions waiting for approval:"] + [f"  {p.line()}" for p in pending]
    example = pending[0].submission_id
    lines.append(f"Approve one with /guess approve submission:{example}")
    return "\n".join(lines)
