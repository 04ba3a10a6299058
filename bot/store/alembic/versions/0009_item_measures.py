"""The knob measures of each game item as posted (JSON text), for a study's items.csv.

Measured when the item is made (bot.services.games.item_maker), so an export of
thousands of items reads them instead of re-measuring every MIDI file. Items of games
made before this revision have none (NULL).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.alembic.history import record_version

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("game_items", sa.Column("measures", sa.Text(), nullable=True))
    record_version(op, 9, "item_measures")
