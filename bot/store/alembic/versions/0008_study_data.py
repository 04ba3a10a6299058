"""The data a listening study needs: legacy migration 008, whose SQL is portable.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

from bot.store.alembic.history import legacy_statements, record_version

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in legacy_statements("008_study_data.sql"):
        op.execute(statement)
    record_version(op, 8, "study_data")
