"""Baseline: the schema of the legacy SQL migrations 001-007, portable to PostgreSQL.

A database made by the legacy runner at version 7 has exactly these tables; it is
stamped with this revision rather than built again (bot.store.migrate). Times are ISO
8601 UTC text on both databases, as they always were, so rows carry over unchanged
and sort in time order; binary columns are BLOB on SQLite and BYTEA on PostgreSQL.

Revision ID: 0007
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.alembic.history import record_version

revision = "0007"
down_revision = None
branch_labels = None
depends_on = None

LEGACY = ["initial", "members", "game_message", "announced", "fingerprints", "chat_secrets"]


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _text(name: str, *, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        _text("name", nullable=False),
        _text("applied_at", nullable=False),
    )
    op.create_table(
        "melodies",
        _id(),
        _text("source", nullable=False),
        _text("params", nullable=False),  # MelodyParams as JSON
        sa.Column("seed", sa.BigInteger),
        _text("title"),
        _text("collection"),
        _text("submitter"),
        sa.Column("midi", sa.LargeBinary, nullable=False),
        _text("created_at", nullable=False),
        sa.CheckConstraint("source IN ('ai', 'human')"),
    )
    op.create_table(
        "games",
        _id(),
        _text("platform", nullable=False),
        _text("chat", nullable=False),
        _text("creator", nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        _text("opened_at", nullable=False),
        _text("closes_at", nullable=False),
        _text("closed_at"),
        _text("closed_by"),  # member id, or 'timer'
        _text("message"),
        _text("announced_at"),
        _text("undeliverable_at"),
        sa.CheckConstraint("status IN ('open', 'closed')"),
    )
    op.create_index(  # one open game per chat, enforced by the database itself
        "games_one_open_per_chat",
        "games",
        ["platform", "chat"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index("games_by_chat", "games", ["platform", "chat", "id"])
    op.create_table(
        "game_items",
        _id(),
        sa.Column(
            "game_id", sa.Integer, sa.ForeignKey("games.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        _text("letter", nullable=False),
        sa.Column("melody_id", sa.Integer, sa.ForeignKey("melodies.id"), nullable=False),
        sa.UniqueConstraint("game_id", "position"),
        sa.UniqueConstraint("game_id", "letter"),
    )
    op.create_table(
        "votes",
        _id(),
        sa.Column(
            "item_id",
            sa.Integer,
            sa.ForeignKey("game_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _text("voter", nullable=False),
        _text("guess", nullable=False),
        sa.Column("confidence", sa.Integer),
        sa.Column("quality", sa.Integer),
        _text("voted_at", nullable=False),
        sa.UniqueConstraint("item_id", "voter"),  # one vote per member and item
        sa.CheckConstraint("guess IN ('ai', 'human')"),
        sa.CheckConstraint("confidence BETWEEN 1 AND 5"),
        sa.CheckConstraint("quality BETWEEN 1 AND 5"),
    )
    op.create_index("votes_by_voter", "votes", ["voter"])
    op.create_table(
        "submissions",
        _id(),
        _text("platform", nullable=False),
        _text("chat", nullable=False),
        _text("submitter", nullable=False),
        _text("filename"),
        sa.Column("melody_id", sa.Integer, sa.ForeignKey("melodies.id"), nullable=False),
        sa.Column("state", sa.Text, nullable=False, server_default="pending"),
        _text("submitted_at", nullable=False),
        _text("reviewed_at"),
        _text("reviewed_by"),
        sa.CheckConstraint("state IN ('pending', 'approved', 'rejected')"),
    )
    op.create_index("submissions_by_chat", "submissions", ["platform", "chat", "state"])
    op.create_table(
        "members",
        sa.Column("id", sa.Text, primary_key=True),  # platform-qualified: 'discord:123'
        _text("name", nullable=False),
        _text("updated_at", nullable=False),
    )
    op.create_table(
        "melody_fingerprints",
        sa.Column(
            "melody_id",
            sa.Integer,
            sa.ForeignKey("melodies.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("gram", sa.BigInteger, primary_key=True),  # 64-bit hash of one run
    )
    op.create_index("melody_fingerprints_by_gram", "melody_fingerprints", ["gram"])
    op.create_table(
        "chat_secrets",
        sa.Column("platform", sa.Text, primary_key=True),
        sa.Column("chat", sa.Text, primary_key=True),
        sa.Column("secret", sa.LargeBinary, nullable=False),  # 32 random bytes
    )
    for version, name in enumerate([*LEGACY, "undeliverable"], start=1):
        record_version(op, version, name)
