"""`melodybot db copy --to postgresql://…` keeps every row of a SQLite database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bot.frontends.cli.main import main
from bot.store import ChatSettingsRow, Store
from bot.store.copy import SCHEMA_TABLES
from bot.store.db import Database

NOW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


async def fill(path: Path) -> None:
    """A SQLite store with a row in every table (a played game, a submission, settings…)."""
    async with Store(path) as store:
        ai = await store.melodies.add(
            source="ai", params={"key": "D"}, seed=2**40, midi=b"\x00AI", now=NOW
        )
        human = await store.melodies.add(
            source="human",
            params={},
            title="Reel",
            midi=b"\xffH",
            now=NOW,
            submitter="discord:ann",
            authorship="own",
        )
        await store.fingerprints.add(ai, [2**62, -(2**62), 7])
        submission = await store.submissions.add(
            platform="discord",
            chat="1",
            submitter="discord:ann",
            filename="reel.mid",
            melody_id=human,
            now=NOW,
        )
        await store.submissions.review(submission, "approved", "discord:mod", NOW)
        game = await store.games.create(
            platform="discord",
            chat="1",
            creator="discord:9",
            opened_at=NOW,
            closes_at=NOW + timedelta(minutes=5),
            items=[("A", ai), ("B", human)],
        )
        for item in await store.games.items(game):
            await store.votes.record(
                item_id=item.id,
                voter="discord:ann",
                guess="ai",
                confidence=3,
                quality=None,
                now=NOW,
                shown_position=item.position + 1,
                posted_at=NOW - timedelta(seconds=9.5),
            )
        await store.games.close(game, "timer", NOW)
        await store.members.remember("discord:ann", "Ann", NOW)
        await store.profiles.set("discord:ann", experience="hobby", role="musician", now=NOW)
        await store.chat_secrets.of_chat("discord", "1")
        await store.chat_settings.put(
            ChatSettingsRow(
                platform="discord",
                chat="1",
                default_items=4,
                default_minutes=30,
                starters="admins",
                submissions_allowed=True,
                min_experience=None,
                min_role="musician",
                updated_by="discord:mod",
                updated_at=NOW,
            )
        )


async def every_row(where: Path | str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every data table, in a stable order."""
    async with Database(where) as db, db.engine.connect() as connection:
        names = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
        found = {}
        for name in sorted(set(names) - set(SCHEMA_TABLES)):
            result = await connection.exec_driver_sql(f"SELECT * FROM {name}")  # noqa: S608
            found[name] = sorted(tuple(row) for row in result)
        return found


def test_the_copy_keeps_every_row_and_new_ids_follow(tmp_path, postgres_url, capsys):
    path = tmp_path / "bot.db"
    asyncio.run(fill(path))
    assert main(["db", "copy", "--to", postgres_url, "--from", str(path)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "votes: 2 rows" in printed
    assert printed[-1].startswith(f"copied 15 rows from {path} to postgresql://")
    source, target = asyncio.run(every_row(path)), asyncio.run(every_row(postgres_url))
    assert target == source
    assert all(source[table] for table in source), "every table has a row to copy"

    async def add_after_copy() -> int:
        async with Store(postgres_url) as store:
            return await store.melodies.add(source="ai", params={}, midi=b"MThd", now=NOW)

    assert asyncio.run(add_after_copy()) == 3  # the id sequence moved past the copied ids


def test_a_target_with_rows_is_refused_in_one_line(tmp_path, postgres_url, capsys):
    path = tmp_path / "bot.db"
    asyncio.run(fill(path))
    assert main(["db", "copy", "--to", postgres_url, "--from", str(path)]) == 0
    capsys.readouterr()
    assert main(["db", "copy", "--to", postgres_url, "--from", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("melodybot: the database at postgresql://")
    assert "already has rows in" in error and error.count("\n") == 1


def test_a_missing_source_or_a_bad_target_is_one_line(tmp_path, capsys):
    assert (
        main(
            ["db", "copy", "--to", "postgresql://x@127.0.0.1/x", "--from", str(tmp_path / "no.db")]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"melodybot: there is no SQLite database at {tmp_path / 'no.db'}; "
        "give its path with --from.\n"
    )
    assert main(["db", "copy", "--to", "mysql://x/y"]) == 2
    assert "--to must be a postgresql:// URL" in capsys.readouterr().err
