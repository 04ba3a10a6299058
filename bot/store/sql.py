"""The store's SQL: one portable text (SQLite and PostgreSQL) with `?` placeholders.

The repositories write plain SQL that both databases accept (`ON CONFLICT`, `RETURNING`,
no engine-specific functions) with `?` for each value, as the sqlite3 module does.
`statement(sql)` turns it into a SQLAlchemy `text()` clause with named parameters
(`:p0`, `:p1`, …), which SQLAlchemy renders in each driver's own style (`?` for
aiosqlite, `$1` for asyncpg); `values(args)` names the values to match. Values are
always bound, never joined into the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, text

STATEMENTS_CACHED = 512  # distinct SQL texts (IN lists of different lengths included)


@lru_cache(maxsize=STATEMENTS_CACHED)
def statement(sql: str) -> TextClause:
    """A `?`-placeholder SQL text as a clause with parameters p0, p1, … in order.

    The store's SQL holds no `?` or `:` inside string literals, so each `?` is a value.
    """
    pieces = sql.split("?")
    named = pieces[0] + "".join(f":p{n}{piece}" for n, piece in enumerate(pieces[1:]))
    return text(named)


def values(args: Sequence[object]) -> dict[str, Any]:
    """The values of one statement, named as `statement` names their placeholders."""
    return {f"p{n}": value for n, value in enumerate(args)}
