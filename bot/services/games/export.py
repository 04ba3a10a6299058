"""Exports of a chat's votes as CSV, under pseudonyms.

A member appears as a pseudonym: a keyed hash (HMAC-SHA256) of their platform id
with the chat's own secret (kept in the database), so it is the same in every
game of the chat, differs between chats, and reveals nothing without the
database. Display names are added only when an admin asks (`names:on`). A member
who asked to be forgotten has no votes left, so their pseudonym appears in no
later export.

Public API: `export_votes_csv`, `pseudonym`, `PSEUDONYM_CHARS`.
"""

from __future__ import annotations

import hashlib
import hmac

from bot.errors import GameError
from bot.services.actor import Actor
from bot.services.games.models import Chat
from bot.services.games.permissions import require_chat_exporter, require_game_exporter
from bot.services.games.reports import CSV_COLUMNS, spreadsheet_text
from bot.services.games.stats import votes_csv
from bot.store import Store, VoteRow

PSEUDONYM_CHARS = 12  # hex digits kept: 48 bits, no collision among a chat's members
PSEUDONYM_PREFIX = "p-"


def pseudonym(secret: bytes, member: str) -> str:
    """`member`'s pseudonym in the chat whose secret is `secret`, e.g. 'p-3f2a9c01b7de'."""
    digest = hmac.new(secret, member.encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_CHARS]


async def export_votes_csv(
    store: Store, chat: Chat, actor: Actor, scope: str = "game", *, names: bool = False
) -> str:
    """Votes as CSV (one line per vote, times in UTC), voters under pseudonyms.

    `scope='game'`: the chat's latest closed game, for its starter or an admin;
    `scope='all'`: every closed game of the chat, for admins only. `names`: add
    display names (admins only).
    """
    if scope == "all":
        require_chat_exporter(actor, names=names)
        votes = await store.votes.of_chat(chat.platform, chat.id)
    else:
        game = await store.games.latest(chat.platform, chat.id, closed_only=True)
        if game is None:
            raise GameError("No game has closed in this chat yet, so there are no votes to export.")
        require_game_exporter(game, actor, names=names)
        votes = await store.votes.of_game(game.id)
    secret = await store.chat_secrets.of_chat(chat.platform, chat.id)
    shown = await store.members.names(v.voter for v in votes) if names else {}
    return votes_csv((_row(v, pseudonym(secret, v.voter), shown) for v in votes), CSV_COLUMNS)


def _row(vote: VoteRow, voter: str, names: dict[str, str]) -> dict[str, object]:
    return {
        "game": vote.game_id,
        "item": vote.letter,
        "source": vote.source,
        "title": spreadsheet_text(vote.title),
        "voter": voter,
        "voter_name": spreadsheet_text(names.get(vote.voter)),
        "guess": vote.guess,
        "correct": int(vote.correct),
        "confidence": vote.confidence,
        "quality": vote.quality,
        "voted_at": vote.voted_at.isoformat(),
    }
