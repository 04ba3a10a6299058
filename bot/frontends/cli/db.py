"""`melodybot db copy --to postgresql://…`: move the SQLite database to PostgreSQL.

Copies every row of the configured SQLite database (DATABASE_PATH, or `--from`) into a
new, empty PostgreSQL database, which is given the bot's schema first. Stop the bot
before copying, then set DATABASE_URL to the new database (docs/SCALING.md).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from bot.config import load_settings
from bot.errors import UserError
from bot.store.copy import CopyReport, copy_rows
from bot.store.db import Database
from bot.store.engine import Target

POSTGRES_SCHEME = "postgresql"


def add_parser(commands: Any) -> None:
    """Register `db copy` on the `melodybot` subcommands."""
    database = commands.add_parser(
        "db", help="database tools (copy SQLite to PostgreSQL)", description=__doc__.splitlines()[0]
    )
    actions = database.add_subparsers(dest="db_command", required=True, parser_class=type(database))
    copy = actions.add_parser(
        "copy",
        help="copy every row of the SQLite database into an empty PostgreSQL database",
        description=__doc__.split("\n\n")[1],
    )
    copy.add_argument(
        "--to", required=True, metavar="URL", help="the target, postgresql://user@host/db"
    )
    copy.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        metavar="PATH",
        help="the SQLite file to copy (default: DATABASE_PATH)",
    )


def run(args: argparse.Namespace) -> int:
    """Copy and print one line per table and a total; bad input is one line (UserError)."""
    if not str(args.to).startswith(f"{POSTGRES_SCHEME}://"):
        raise UserError(f"--to must be a {POSTGRES_SCHEME}:// URL, e.g. postgresql://bot@db/bot.")
    source = args.source or load_settings().database_path
    if not source.is_file():
        raise UserError(f"there is no SQLite database at {source}; give its path with --from.")
    report = asyncio.run(_copy(source, args.to))
    for table, rows in report.rows.items():
        print(f"{table}: {rows} rows")
    where = Target.parse(args.to).describe()
    print(f"copied {report.total} rows from {source} to {where}")
    return 0


async def _copy(source: Path, url: str) -> CopyReport:
    async with Database(source) as reading, Database(url) as writing:
        return await copy_rows(reading, writing)
