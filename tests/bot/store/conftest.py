"""The store's tests run on both databases where the database makes no difference."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.scaleout)],
)
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A new database: a SQLite file, or a fresh database on the session's PostgreSQL."""
    if request.param == "sqlite":
        return tmp_path / "bot.db"
    return str(request.getfixturevalue("postgres_url"))
