"""A lease on posting a closed game's reveal, so two bot processes never both post it.

`announce_claim` names the process (a random token per bot process) that is posting
the reveal now, and `announce_claim_until` (ISO 8601 UTC text) when its claim lapses:
a process that dies mid-post leaves a claim that any other process may take once it
lapses, so the reveal is posted late rather than never. Both are NULL when nobody is
posting (and stay as they were once the game is announced).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.alembic.history import record_version

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("games", sa.Column("announce_claim", sa.Text(), nullable=True))
    op.add_column("games", sa.Column("announce_claim_until", sa.Text(), nullable=True))
    record_version(op, 10, "announce_claim")
