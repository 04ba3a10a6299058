"""Row mappers: rows by column name (SQLite or PostgreSQL) to the records of `bot.store.records`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import RowMapping

from bot.store.db import from_text
from bot.store.records import (
    ChatSettingsRow,
    GameRow,
    ItemRow,
    MelodyRow,
    ProfileRow,
    SubmissionRow,
    VoteRow,
)


def required_time(text: str) -> datetime:
    """A NOT NULL time column as an aware UTC datetime."""
    moment = from_text(text)
    if moment is None:
        raise ValueError("a required time column is empty")
    return moment


def game_row(row: RowMapping) -> GameRow:
    return GameRow(
        id=row["id"],
        platform=row["platform"],
        chat=row["chat"],
        creator=row["creator"],
        status=row["status"],
        opened_at=required_time(row["opened_at"]),
        closes_at=required_time(row["closes_at"]),
        closed_at=from_text(row["closed_at"]),
        closed_by=row["closed_by"],
        message=row["message"],
        announced_at=from_text(row["announced_at"]),
    )


def item_row(row: RowMapping) -> ItemRow:
    return ItemRow(
        id=row["id"],
        game_id=row["game_id"],
        position=row["position"],
        letter=row["letter"],
        melody_id=row["melody_id"],
        source=row["source"],
        params=json.loads(row["params"]),
        title=row["title"],
        collection=row["collection"],
        submitter=row["submitter"],
        authorship=row["authorship"],
        authorship_source=row["authorship_source"],
        measures=json.loads(row["measures"]) if row["measures"] else None,
    )


def vote_row(row: Sequence[Any]) -> VoteRow:
    """A row of `votes._VOTE_COLUMNS` as a tuple (`Database.rows`): a study export maps 100,000."""
    game, letter, source, title, voter, guess, confidence, quality, at, shown, first, changes = row
    return VoteRow(
        game, letter, source, title, voter, guess, confidence, quality, required_time(at),
        shown, first, changes,
    )  # fmt: skip


def melody_row(row: RowMapping) -> MelodyRow:
    return MelodyRow(
        id=row["id"],
        source=row["source"],
        params=json.loads(row["params"]),
        seed=row["seed"],
        title=row["title"],
        collection=row["collection"],
        submitter=row["submitter"],
        midi=bytes(row["midi"]),
        authorship=row["authorship"],
        authorship_source=row["authorship_source"],
    )


def submission_row(row: RowMapping) -> SubmissionRow:
    return SubmissionRow(
        id=row["id"],
        platform=row["platform"],
        chat=row["chat"],
        submitter=row["submitter"],
        filename=row["filename"],
        melody_id=row["melody_id"],
        state=row["state"],
        submitted_at=required_time(row["submitted_at"]),
        reviewed_by=row["reviewed_by"],
    )


def profile_row(row: RowMapping) -> ProfileRow:
    return ProfileRow(
        member=row["member"],
        experience=row["experience"],
        role=row["role"],
        updated_at=required_time(row["updated_at"]),
    )


def chat_settings_row(row: RowMapping) -> ChatSettingsRow:
    return ChatSettingsRow(
        platform=row["platform"],
        chat=row["chat"],
        default_items=row["default_items"],
        default_minutes=row["default_minutes"],
        starters=row["starters"],
        submissions_allowed=bool(row["submissions"]),
        min_experience=row["min_experience"],
        min_role=row["min_role"],
        updated_by=row["updated_by"],
        updated_at=required_time(row["updated_at"]),
    )
