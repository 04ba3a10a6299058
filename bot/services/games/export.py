"""Study exports: votes.csv, items.csv, participants.csv and codebook.json, under pseudonyms.

A member appears as a pseudonym: a keyed hash (HMAC-SHA256) of their platform id
with the chat's own secret (kept in the database), so it is the same in every
game of the chat, differs between chats, and reveals nothing without the
database. Display names are added only when an admin asks (`names:on`). A member
who asked to be forgotten has no votes left, so their pseudonym appears in no
later export. Who may export what is decided in `permissions`.

Front ends send `StudyExport.zip_bytes()` as one file (Discord, Telegram) or write
`files` into a folder (the console).

Public API: `StudyExport`, `export_study`, `pseudonym`, `PSEUDONYM_CHARS`.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.errors import GameError
from bot.services.actor import Actor
from bot.services.games.chat_settings import ChatSettings
from bot.services.games.codebook import (
    ITEM_COLUMNS,
    MEASURED_PREFIX,
    PARTICIPANT_COLUMNS,
    VOTE_COLUMNS,
    codebook,
)
from bot.services.games.models import Chat
from bot.services.games.permissions import require_chat_exporter, require_game_exporter
from bot.services.games.profiles import meets_minimum
from bot.services.games.reports import judgements
from bot.services.games.stats import AI, csv_text, votes_csv
from bot.services.games.stats_participants import participant_scores
from bot.store import ItemRow, ProfileRow, Store, VoteRow
from engine.midi import GENERATOR_MARK

PSEUDONYM_CHARS = 12  # hex digits kept: 48 bits, no collision among a chat's members
PSEUDONYM_PREFIX = "p-"
# 'melodybot 0.1.0', from the mark every MIDI file of this bot carries (after its id byte).
GENERATOR_VERSION = bytes(GENERATOR_MARK[1:]).decode("ascii")
VOTE_FIELDS = tuple(VOTE_COLUMNS)  # `_vote` writes its values in this order
ITEM_PARAMS = (
    "key", "scale", "time", "bars", "tempo", "instrument", "mood", "complexity", "repetition",
    "syncopation", "harmonic_density", "range", "contour", "rhythm",
)  # fmt: skip


def pseudonym(secret: bytes, member: str) -> str:
    """`member`'s pseudonym in the chat whose secret is `secret`, e.g. 'p-3f2a9c01b7de'."""
    digest = hmac.new(secret, member.encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_CHARS]


@dataclass(frozen=True)
class StudyExport:
    """The export's files by name (CSV and JSON text), and counts for the reply."""

    files: dict[str, str]
    votes: int
    items: int
    participants: int
    scope: str

    def zip_bytes(self) -> bytes:
        """Every file in one zip (deflated), as the chat platforms receive it."""
        buffer = io.BytesIO()
        # Level 1: CSV shrinks about 5x at the fastest level; higher ones gain little.
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, text in self.files.items():
                archive.writestr(name, text)
        return buffer.getvalue()

    def summary(self) -> str:
        """One line: what the export holds."""
        return (
            f"Study export ({'every closed game' if self.scope == 'all' else 'the latest game'}):"
            f" {self.votes} votes, {self.items} items, {self.participants} participants under "
            "pseudonyms; codebook.json describes every column (times in UTC)."
        )


async def _scoped_votes(
    store: Store, chat: Chat, actor: Actor, scope: str, *, names: bool
) -> tuple[list[VoteRow], list[ItemRow]]:
    """The votes and items an export holds, once the actor may have them."""
    if scope == "all":
        require_chat_exporter(actor, names=names)
        return (
            await store.votes.of_chat(chat.platform, chat.id),
            await store.games.items_of_closed(chat.platform, chat.id),
        )
    game = await store.games.latest(chat.platform, chat.id, closed_only=True)
    if game is None:
        raise GameError("No game has closed in this chat yet, so there are no votes to export.")
    require_game_exporter(game, actor, names=names)
    return await store.votes.of_game(game.id), await store.games.items(game.id)


async def export_study(
    store: Store,
    chat: Chat,
    actor: Actor,
    scope: str,
    settings: ChatSettings,
    *,
    names: bool = False,
) -> StudyExport:
    """The study's files for the latest closed game (`scope='game'`: its starter or an
    admin) or every closed game (`'all'`: admins only); names only for an admin's `names`."""
    votes, items = await _scoped_votes(store, chat, actor, scope, names=names)
    secret = await store.chat_secrets.of_chat(chat.platform, chat.id)
    cache: dict[str, str] = {}

    def alias(member: str) -> str:
        if member not in cache:
            cache[member] = pseudonym(secret, member)
        return cache[member]

    voters = list(dict.fromkeys(v.voter for v in votes))
    profiles = await store.profiles.of_members(voters)
    shown = await store.members.names(voters) if names else {}
    counts = {
        voter: meets_minimum(profiles.get(voter), settings.min_experience, settings.min_role)
        for voter in voters
    }
    tally: dict[tuple[int, str], list[int]] = {}  # (game, letter) -> [votes, judged AI]
    for v in votes:
        counted = tally.setdefault((v.game_id, v.letter), [0, 0])
        counted[0] += 1
        counted[1] += v.guess == AI
    about = {
        "scope": scope,
        "exported_at": datetime.now(UTC).isoformat(),
        "generator_version": GENERATOR_VERSION,
        "pseudonyms": "HMAC-SHA256 of the platform member id with a per-chat secret, "
        f"first {PSEUDONYM_CHARS} hex digits",
        "minimum_profile": settings.minimum_text(),
        "names_included": names,
    }
    files = {
        "votes.csv": csv_text((_vote(v, alias, shown, counts) for v in votes), VOTE_FIELDS),
        "items.csv": votes_csv((_item(i, tally, alias) for i in items), tuple(ITEM_COLUMNS)),
        "participants.csv": votes_csv(
            _participants(votes, alias, shown, profiles, counts), tuple(PARTICIPANT_COLUMNS)
        ),
        "codebook.json": json.dumps(codebook(about), indent=2, ensure_ascii=False) + "\n",
    }
    return StudyExport(files, len(votes), len(items), len(voters), scope)


def _vote(
    vote: VoteRow, alias: Callable[[str], str], names: dict[str, str], counts: dict[str, bool]
) -> tuple[object, ...]:
    """One row of votes.csv, in the order of VOTE_COLUMNS (a tuple: 100,000 of them are
    written in well under a second)."""
    return (
        vote.game_id,
        vote.letter,
        vote.shown_position,
        vote.source,
        alias(vote.voter),
        names.get(vote.voter),
        vote.guess,
        int(vote.correct),
        vote.confidence,
        vote.quality,
        vote.voted_at.isoformat(),
        vote.first_vote_seconds,
        vote.changes,
        int(counts[vote.voter]),
    )


def _item(
    item: ItemRow, tally: dict[tuple[int, str], list[int]], alias: Callable[[str], str]
) -> dict[str, object]:
    judged, judged_ai = tally.get((item.game_id, item.letter), (0, 0))
    is_ai = item.source == AI
    return {
        "game": item.game_id,
        "item": item.letter,
        "shown_position": item.position + 1,
        "truth": item.source,
        "title": item.title,
        "collection": item.collection,
        "submitter": alias(item.submitter) if item.submitter else None,
        "authorship": item.authorship,
        "authorship_source": item.authorship_source,
        **{name: item.params.get(name) for name in ITEM_PARAMS if is_ai or name in _SHARED},
        "seed": item.params.get("seed") if is_ai else None,
        "generator_version": GENERATOR_VERSION if is_ai else None,
        **{
            name: (item.measures or {}).get(name.removeprefix(MEASURED_PREFIX))
            for name in ITEM_COLUMNS
            if name.startswith(MEASURED_PREFIX)
        },
        "votes": judged,
        "judged_ai": judged_ai,
    }


# Parameters a human item has too (read from its MIDI); the knobs belong to AI items only.
_SHARED = frozenset({"key", "scale", "time", "bars", "tempo", "instrument"})


def _participants(
    votes: list[VoteRow],
    alias: Callable[[str], str],
    names: dict[str, str],
    profiles: dict[str, ProfileRow],
    counts: dict[str, bool],
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for score in participant_scores(judgements(votes)):
        profile = profiles.get(score.voter)
        rows.append(
            {
                "participant": alias(score.voter),
                "participant_name": names.get(score.voter),
                "experience": profile.experience if profile else None,
                "role": profile.role if profile else None,
                "judgements": score.n,
                "correct": score.correct,
                "accuracy": round(score.accuracy, 4),
                "d_prime": None if score.d_prime is None else round(score.d_prime, 4),
                "counted": int(counts[score.voter]),
            }
        )
    return rows
