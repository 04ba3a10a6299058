"""Copy every row of one store to another, empty one (`melodybot db copy --to …`).

Both databases are opened as stores first, so both are at the newest schema (the
source is upgraded like at any start). Tables are copied parents first (by their
foreign keys), in batches, inside one transaction on the target: a copy that fails
leaves the target as empty as it was. Ids are kept, so every reference stays right;
PostgreSQL's id sequences are then moved past the copied ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.errors import UserError
from bot.store.db import Database
from bot.store.migrate import ALEMBIC_TABLE, LEGACY_TABLE

BATCH_ROWS = 1000  # rows read and written at a time (bounded memory for MIDI blobs)
SCHEMA_TABLES = (ALEMBIC_TABLE, LEGACY_TABLE)  # written by each side's own migrations


class TargetNotEmpty(UserError):
    """The copy's target already holds rows; `str()` says where."""


@dataclass(frozen=True)
class CopyReport:
    """Rows copied, by table, in the order they were copied."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tables(connection: sa.Connection) -> list[sa.Table]:
    """The store's data tables, parents before children."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    return [t for t in metadata.sorted_tables if t.name not in SCHEMA_TABLES]


async def copy_rows(source: Database, target: Database) -> CopyReport:
    """Copy every data row of `source` into the empty `target`; both must be open.

    Raises TargetNotEmpty (before writing anything) when `target` holds any row.
    """
    async with source.engine.connect() as reading:
        tables = await reading.run_sync(_tables)
        async with target.write() as writer:
            writing = writer.connection
            await _refuse_rows(writing, tables, target.target.describe())
            rows = {t.name: await _copy_table(reading, writing, t) for t in tables}
            if not target.is_sqlite:
                await _move_sequences(writing, tables)
    return CopyReport(rows)


async def _refuse_rows(connection: AsyncConnection, tables: Sequence[sa.Table], where: str) -> None:
    for table in tables:
        if (await connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1))).first():
            raise TargetNotEmpty(
                f"the database at {where} already has rows in {table.name}; "
                "copy only into a new, empty database"
            )


async def _copy_table(reading: AsyncConnection, writing: AsyncConnection, table: sa.Table) -> int:
    """Copy one table's rows in batches of BATCH_ROWS; return how many."""
    copied = 0
    order = list(table.primary_key.columns) or list(table.columns)
    result = await reading.stream(sa.select(table).order_by(*order))
    async for batch in result.mappings().partitions(BATCH_ROWS):
        await writing.execute(sa.insert(table), [dict(row) for row in batch])
        copied += len(batch)
    return copied


async def _move_sequences(connection: AsyncConnection, tables: Sequence[sa.Table]) -> None:
    """Let PostgreSQL's next ids follow the copied ones (they were inserted explicitly)."""
    for table in tables:
        if "id" not in table.columns or not isinstance(table.c.id.type, sa.Integer):
            continue
        sequence = (
            await connection.execute(sa.select(sa.func.pg_get_serial_sequence(table.name, "id")))
        ).scalar_one()
        if sequence is None:  # a text id (members)
            continue
        await connection.execute(
            sa.select(
                sa.func.setval(
                    sequence,
                    sa.func.coalesce(sa.func.max(table.c.id), 1),
                    sa.func.max(table.c.id).is_not(None),
                )
            ).select_from(table)
        )
