"""Databases made by the legacy SQL migrations carry over to Alembic with their rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.errors import StartupError
from bot.store import Store
from bot.store.migrate import bundled_migrations, head_revision

NOW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


def make_legacy_database(path: Path, up_to: int) -> None:
    """What the legacy runner did: each SQL file in turn, recorded in `schema_version`."""
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for migration in bundled_migrations():
            if migration.version > up_to:
                break
            folder = resources.files("bot.store").joinpath("migrations")
            db.executescript(folder.joinpath(migration.filename).read_text("utf-8"))
            db.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                (migration.version, migration.name, NOW.isoformat()),
            )
    db.close()


def fill_legacy_rows(path: Path) -> None:
    """A played game at legacy version 7: melodies, a closed game, items, votes, a member."""
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO melodies (id, source, params, seed, title, midi, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, "ai", '{"key": "D"}', 7, None, b"MThd-ai", NOW.isoformat()),
                (2, "human", '{"key": "G"}', None, "The Kesh", b"MThd-h", NOW.isoformat()),
            ],
        )
        db.execute(
            "INSERT INTO games (id, platform, chat, creator, status, opened_at, closes_at,"
            " closed_at, closed_by, announced_at) VALUES (5, 'console', 'room', 'console:you',"
            " 'closed', ?, ?, ?, 'timer', ?)",
            (NOW.isoformat(),) * 4,
        )
        db.executemany(
            "INSERT INTO game_items (id, game_id, position, letter, melody_id)"
            " VALUES (?, 5, ?, ?, ?)",
            [(10, 0, "A", 2), (11, 1, "B", 1)],
        )
        db.executemany(
            "INSERT INTO votes (item_id, voter, guess, confidence, quality, voted_at)"
            " VALUES (?, 'console:ann', ?, 4, 2, ?)",
            [(10, "human", NOW.isoformat()), (11, "human", NOW.isoformat())],
        )
        db.execute("INSERT INTO members VALUES ('console:ann', 'Ann', ?)", (NOW.isoformat(),))
        db.execute("INSERT INTO chat_secrets VALUES ('console', 'room', ?)", (b"s" * 32,))
    db.close()


def foreign_keys(path: Path, table: str) -> list[tuple[object, ...]]:
    """(column, parent table, parent column, on delete) as SQLite enforces them."""
    with sqlite3.connect(path) as raw:
        rows = raw.execute(f"PRAGMA foreign_key_list({table})").fetchall()
    raw.close()
    return sorted((row[3], row[2], row[4], row[6]) for row in rows)


def shape(path: Path) -> dict[str, object]:
    """Tables, columns (name, nullable), keys, unique constraints and indexes of a database."""
    engine = sa.create_engine(f"sqlite:///{path}")
    inspector = sa.inspect(engine)
    found: dict[str, object] = {}
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        keys = inspector.get_pk_constraint(table)["constrained_columns"]
        found[table] = (
            # A SQLite key column reads as nullable when declared without NOT NULL, yet can
            # never hold NULL: only other columns' nullability is compared.
            [(c["name"], c["nullable"] or c["name"] in keys) for c in inspector.get_columns(table)],
            sorted(keys),
            foreign_keys(path, table),
            sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
            sorted(
                (i["name"], bool(i["unique"]), tuple(i["column_names"]))
                for i in inspector.get_indexes(table)
            ),
        )
    engine.dispose()
    return found


async def test_a_legacy_database_keeps_its_rows_and_is_stamped(tmp_path):
    path = tmp_path / "legacy.db"
    make_legacy_database(path, up_to=7)
    fill_legacy_rows(path)
    async with Store(path) as store:
        assert await store.schema_version() == int(head_revision())
        game = await store.games.get(5)
        assert (game.status, game.closed_by, game.closed_at) == ("closed", "timer", NOW)
        assert [(i.letter, i.source, i.title) for i in await store.games.items(5)] == [
            ("A", "human", "The Kesh"),
            ("B", "ai", None),
        ]
        votes = await store.votes.of_game(5)
        assert [(v.letter, v.guess, v.correct, v.changes) for v in votes] == [
            ("A", "human", True, 0),  # migration 008's new column, filled by its default
            ("B", "human", False, 0),
        ]
        assert await store.members.names(["console:ann"]) == {"console:ann": "Ann"}
        assert await store.chat_secrets.of_chat("console", "room") == b"s" * 32
        # New rows get ids after the old ones.
        melody = await store.melodies.add(source="ai", params={}, midi=b"MThd", now=NOW)
        assert melody == 3
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
        assert [r[0] for r in raw.execute("SELECT version FROM schema_version")] == [
            *(m.version for m in bundled_migrations()),
            *range(9, int(head_revision()) + 1),  # revisions 0009…, after the legacy files
        ]
    raw.close()


async def test_the_baseline_and_its_revisions_equal_the_legacy_schema(tmp_path):
    legacy, fresh, partial = tmp_path / "legacy.db", tmp_path / "fresh.db", tmp_path / "p.db"
    make_legacy_database(legacy, up_to=bundled_migrations()[-1].version)
    make_legacy_database(partial, up_to=5)  # an older legacy database: 006 on by SQL files
    for path in (legacy, fresh, partial):
        async with Store(path):
            pass
    assert shape(fresh) == shape(legacy) == shape(partial)
    assert {"games", "votes", "melodies", "member_profiles", "chat_settings"} <= set(shape(fresh))


async def test_a_revision_unknown_to_this_bot_is_refused_in_one_line(tmp_path):
    path = tmp_path / "bot.db"
    async with Store(path):
        pass
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    with pytest.raises(StartupError) as caught:
        async with Store(path):
            pass
    assert str(caught.value).startswith(
        f"cannot use the database at {path}: its schema is revision 9999, unknown to this bot"
    )
    assert "\n" not in str(caught.value)
