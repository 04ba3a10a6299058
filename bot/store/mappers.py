"""Row mappers: SQLite rows to the frozen records of `bot.store.records`."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.store.db import from_text
from bot.store.records import GameRow, ItemRow, MelodyRow, SubmissionRow, VoteRow


def required_time(text: str) -> datetime:
    """A NOT NULL time column as an aware UTC datetime."""
    moment = from_text(text)
    if moment is None:
        raise ValueError("a required time column is empty")
    return moment


def game_row(row: aiosqlite.Row) -> GameRow:
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


def item_row(row: aiosqlite.Row) -> ItemRow:
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
    )


def vote_row(row: aiosqlite.Row) -> VoteRow:
    return VoteRow(
        game_id=row["game_id"],
        letter=row["letter"],
        source=row["source"],
        title=row["title"],
        voter=row["voter"],
        guess=row["guess"],
        confidence=row["confidence"],
        quality=row["quality"],
        voted_at=required_time(row["voted_at"]),
    )


def melody_row(row: aiosqlite.Row) -> MelodyRow:
    return MelodyRow(
        id=row["id"],
        source=row["source"],
        params=json.loads(row["params"]),
        seed=row["seed"],
        title=row["title"],
        collection=row["collection"],
        submitter=row["submitter"],
        midi=bytes(row["midi"]),
    )


def submission_row(row: aiosqlite.Row) -> SubmissionRow:
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
