"""The store against a real SQLite file in a temporary folder, and (`where`) PostgreSQL too."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.errors import StartupError, StorageFull, user_message
from bot.store import GameAlreadyOpen, Store
from bot.store.db import BUSY_TIMEOUT_MS
from bot.store.migrate import bundled_migrations, head_revision

NOW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)

LATEST = int(head_revision())  # a revision's number is the schema version it records


async def _game_with_items(store: Store, chat: str = "room") -> tuple[int, list[int]]:
    ai = await store.melodies.add(
        source="ai", params={"key": "D"}, seed=7, midi=b"MThd-ai", now=NOW
    )
    human = await store.melodies.add(
        source="human",
        params={"key": "G"},
        title="The Kesh",
        collection="oneills1850",
        midi=b"MThd-h",
        now=NOW,
    )
    game = await store.games.create(
        platform="console",
        chat=chat,
        creator="console:you",
        opened_at=NOW,
        closes_at=NOW + timedelta(minutes=10),
        items=[("A", human), ("B", ai)],
    )
    return game, [item.id for item in await store.games.items(game)]


async def test_new_database_gets_wal_foreign_keys_and_its_migrations(tmp_path):
    path = tmp_path / "sub" / "bot.db"
    async with Store(path) as store:
        assert await store.schema_version() == LATEST
        game, _ = await _game_with_items(store)
        await store.games.set_message(game, "1234:5678")  # where the game was posted
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = raw.execute("SELECT version, name FROM schema_version").fetchall()
    # The legacy files' versions, then one per Alembic revision after them.
    legacy = [(m.version, m.name) for m in bundled_migrations()]
    assert applied[: len(legacy)] == legacy and applied[-1][0] == LATEST
    assert applied[len(legacy) :] == [(9, "item_measures"), (10, "announce_claim")]
    assert applied[:7] == [
        (1, "initial"),
        (2, "members"),
        (3, "game_message"),
        (4, "announced"),
        (5, "fingerprints"),
        (6, "chat_secrets"),
        (7, "undeliverable"),
    ]
    assert raw.execute("SELECT message FROM games").fetchall() == [("1234:5678",)]
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "melodies",
        "games",
        "game_items",
        "votes",
        "submissions",
        "members",
        "melody_fingerprints",
        "chat_secrets",
    } <= tables
    raw.close()
    async with Store(path) as store:  # reopening applies nothing twice
        assert await store.schema_version() == LATEST
        async with store.db.execute("PRAGMA busy_timeout") as cursor:
            assert (await cursor.fetchone())[0] == BUSY_TIMEOUT_MS > 0
        assert (await store.games.get(game)).message == "1234:5678"
        with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
            await store.db.execute(
                "INSERT INTO game_items (game_id, position, letter, melody_id)"
                " VALUES (99, 0, 'A', 99)"
            )


async def test_a_second_vote_replaces_the_first_and_is_on_disk_at_once(where):
    async with Store(where) as store:
        game, (item_a, _) = await _game_with_items(store)
        assert not await store.votes.record(
            item_id=item_a, voter="console:ann", guess="ai", confidence=2, quality=3, now=NOW
        )
        assert await store.votes.record(
            item_id=item_a, voter="console:ann", guess="human", confidence=5, quality=None, now=NOW
        )
        # Another connection (another process) already sees the committed vote.
        async with Store(where) as other:
            rows = await other.database.all("SELECT voter, guess, confidence, quality FROM votes")
        assert [tuple(r.values()) for r in rows] == [("console:ann", "human", 5, None)]
        votes = await store.votes.of_game(game)
        assert [(v.letter, v.source, v.correct, v.title) for v in votes] == [
            ("A", "human", True, "The Kesh")
        ]


async def test_one_open_game_per_chat_and_closing_once(where):
    async with Store(where) as store:
        game, _ = await _game_with_items(store)
        with pytest.raises(GameAlreadyOpen):
            await _game_with_items(store)
        other, _ = await _game_with_items(store, chat="other-room")
        assert [g.id for g in await store.games.open_all()] == [game, other]
        assert await store.games.close(game, "console:you", NOW)
        assert not await store.games.close(game, "timer", NOW)
        closed = await store.games.get(game)
        assert closed is not None and not closed.is_open
        assert closed.closed_by == "console:you" and closed.closed_at == NOW
        assert closed.closes_at == NOW + timedelta(minutes=10)
        again, _ = await _game_with_items(store)  # the chat may open a new one now
        assert (await store.games.open_in("console", "room")).id == again


async def test_chat_votes_cover_only_closed_games(where):
    async with Store(where) as store:
        game, (_, item_b) = await _game_with_items(store)
        await store.votes.record(
            item_id=item_b, voter="console:bob", guess="ai", confidence=None, quality=4, now=NOW
        )
        assert await store.votes.of_chat("console", "room") == []
        await store.games.close(game, "console:you", NOW)
        votes = await store.votes.of_chat("console", "room")
        assert [(v.voter, v.letter, v.correct, v.quality) for v in votes] == [
            ("console:bob", "B", True, 4)
        ]


async def test_forget_deletes_a_members_votes_submissions_and_name(where):
    async with Store(where) as store:
        game, (item_a, _) = await _game_with_items(store)
        await store.members.remember("console:ann", "Ann", NOW)
        await store.members.remember("console:ann", "Ann Lee", NOW)  # a newer name replaces it
        await store.members.remember("console:bob", "Bob", NOW)
        assert await store.members.names(["console:ann", "console:bob", "console:cat"]) == {
            "console:ann": "Ann Lee",
            "console:bob": "Bob",
        }
        for voter in ("console:ann", "console:bob"):
            await store.votes.record(
                item_id=item_a, voter=voter, guess="ai", confidence=None, quality=None, now=NOW
            )
        tune = await store.melodies.add(
            source="human",
            params={},
            midi=b"x",
            now=NOW,
            title="Ann's tune",
            submitter="console:ann",
        )
        sub = await store.submissions.add(
            platform="console",
            chat="room",
            submitter="console:ann",
            filename="ann.mid",
            melody_id=tune,
            now=NOW,
        )
        assert (await store.submissions.get(sub)).state == "pending"
        assert await store.members.forget("console:ann") == (1, 1)
        assert [v.voter for v in await store.votes.of_game(game)] == ["console:bob"]
        assert await store.submissions.get(sub) is None
        assert await store.melodies.get(tune) is None
        assert await store.members.names(["console:ann", "console:bob"]) == {"console:bob": "Bob"}


async def test_approved_submissions_are_offered_least_used_first(where):
    async with Store(where) as store:
        tune = await store.melodies.add(
            source="human",
            params={"key": "A"},
            midi=b"x",
            now=NOW,
            title="Reel",
            collection="community",
            submitter="console:ann",
        )
        sub = await store.submissions.add(
            platform="console",
            chat="room",
            submitter="console:ann",
            filename=None,
            melody_id=tune,
            now=NOW,
        )
        assert await store.submissions.approved_melodies("console", "room") == []
        assert [s.id for s in await store.submissions.pending("console", "room")] == [sub]
        assert await store.submissions.review(sub, "approved", "console:you", NOW)
        assert not await store.submissions.review(999, "approved", "console:you", NOW)
        [(melody, uses)] = await store.submissions.approved_melodies("console", "room")
        assert (melody.title, melody.submitter, melody.params, uses) == (
            "Reel",
            "console:ann",
            {"key": "A"},
            0,
        )


async def test_a_members_vote_on_an_item_and_the_voter_count(where):
    async with Store(where) as store:
        game, (item_a, item_b) = await _game_with_items(store)
        assert await store.votes.of_member(game, "A", "console:ann") is None
        for item in (item_a, item_b):
            await store.votes.record(
                item_id=item, voter="console:ann", guess="ai", confidence=4, quality=None, now=NOW
            )
        await store.votes.record(
            item_id=item_b, voter="console:bob", guess="human", confidence=None, quality=2, now=NOW
        )
        vote = await store.votes.of_member(game, "B", "console:bob")
        assert (vote.guess, vote.confidence, vote.quality, vote.correct) == (
            "human",
            None,
            2,
            False,
        )
        assert await store.votes.voter_count(game) == 2


async def test_a_failing_game_neither_commits_half_nor_undoes_concurrent_votes(where):
    """A game that fails midway (an item names no melody) while votes are written beside
    it leaves no half game, and every vote stays (SQLite: they share one connection)."""
    async with Store(where) as store:
        _, (item_a, _) = await _game_with_items(store)
        voters = [f"console:v{n}" for n in range(6)]
        broken = store.games.create(
            platform="console",
            chat="elsewhere",
            creator="console:you",
            opened_at=NOW,
            closes_at=NOW,
            items=[("A", 1), ("B", 999)],
        )
        names = [store.members.remember(v, v.upper(), NOW) for v in voters]
        votes = [
            store.votes.record(
                item_id=item_a, voter=v, guess="ai", confidence=None, quality=None, now=NOW
            )
            for v in voters
        ]
        outcomes = await asyncio.gather(
            names[0], broken, *names[1:], *votes, return_exceptions=True
        )
        assert isinstance(outcomes[1], IntegrityError)
        assert outcomes[2 + len(voters) - 1 :] == [False] * len(voters)
    async with Store(where) as store:  # what is stored, read by another connection
        count = store.database.one
        assert (await count("SELECT COUNT(*) AS n FROM games WHERE chat = 'elsewhere'"))["n"] == 0
        assert (await count("SELECT COUNT(*) AS n FROM members"))["n"] == len(voters)
        assert (await count("SELECT COUNT(*) AS n FROM votes"))["n"] == len(voters)


async def test_reveals_of_timer_closes_wait_to_be_announced(where):
    async with Store(where) as store:
        by_hand, _ = await _game_with_items(store)
        await store.games.close(by_hand, "console:you", NOW)  # the closer is answered at once
        by_timer, _ = await _game_with_items(store)
        await store.games.close(by_timer, "timer", NOW, announced=False)
        assert [g.id for g in await store.games.unannounced("console")] == [by_timer]
        assert await store.games.unannounced("discord") == []
        await store.games.mark_announced(by_timer, NOW)
        assert await store.games.unannounced("console") == []
        assert (await store.games.get(by_timer)).announced_at == NOW


async def test_a_folder_or_a_corrupt_file_is_refused_in_one_line(tmp_path):
    with pytest.raises(StartupError) as folder:
        async with Store(tmp_path):
            pass
    assert str(folder.value).startswith(f"cannot open the database at {tmp_path}: ")
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StartupError) as damaged:
        async with Store(corrupt):
            pass
    assert str(damaged.value) == (f"cannot open the database at {corrupt}: file is not a database")
    assert "\n" not in str(folder.value) + str(damaged.value)


def _corrupt_a_page(path) -> None:
    """Overwrite the page that holds the melodies table's rows with garbage."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = DELETE")  # fold the WAL into the file
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'melodies'").fetchone()[
            0
        ]
    with open(path, "r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\xa5" * page_size)


async def test_a_corrupt_page_is_refused_at_start_in_one_line(tmp_path):
    path = tmp_path / "bot.db"
    async with Store(path) as store:
        await _game_with_items(store)
    _corrupt_a_page(path)
    with pytest.raises(StartupError) as caught:
        async with Store(path):
            pass
    message = str(caught.value)
    assert message.startswith(f"cannot open the database at {path}: it is corrupt (")
    assert "\n" not in message


async def test_a_schema_newer_than_the_code_is_refused_at_start(tmp_path):
    path = tmp_path / "bot.db"
    async with Store(path):
        pass
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(StartupError) as caught:
        async with Store(path):
            pass
    assert str(caught.value).startswith(
        f"cannot use the database at {path}: its schema is version 999, newer than this bot's"
    )


READ_ONLY_PROBE = """
import asyncio, sys
from bot.errors import StartupError
from bot.store import Store

async def main():
    try:
        async with Store(sys.argv[1]):
            print("opened")
    except StartupError as error:
        print(error)

asyncio.run(main())
"""


async def test_a_read_only_file_in_a_writable_folder_is_refused_at_start(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "bot.db"
    async with Store(path):  # a WAL database of the bot's own, closed cleanly
        pass
    path.chmod(0o444)
    folder.chmod(0o777)  # the folder stays writable: only the file is not
    tmp_path.chmod(0o755)
    # root writes read-only files anyway: the probe runs without that capability then.
    no_override = "-dac_override,-dac_read_search"
    as_user = (
        ["setpriv", f"--inh-caps={no_override}", f"--bounding-set={no_override}"]
        if os.geteuid() == 0
        else []
    )
    result = await asyncio.to_thread(
        subprocess.run,
        [*as_user, sys.executable, "-c", READ_ONLY_PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=folder,
    )
    assert result.stdout.strip().startswith(f"cannot open the database at {path}: ")
    assert "readonly" in result.stdout and "writable" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr


async def test_a_full_disk_is_said_once_and_reading_goes_on(tmp_path, caplog):
    async with Store(tmp_path / "bot.db") as store:
        game, _ = await _game_with_items(store)
        db = store.database.db
        async with db.execute("PRAGMA page_count") as cursor:
            pages = (await cursor.fetchone())[0]
        # A file that may not grow: the same error SQLite gives on a full disk.
        await db.execute(f"PRAGMA max_page_count = {pages}")
        for _ in range(3):
            with pytest.raises(StorageFull) as caught:
                await store.melodies.add(
                    source="ai", params={}, seed=1, midi=b"MThd" + os.urandom(20_000), now=NOW
                )
            assert user_message(caught.value).startswith("Storage full: this could not be saved.")
        assert (await store.games.get(game)).id == game
    full = [r for r in caplog.records if "storage full" in r.getMessage()]
    assert len(full) == 1


async def test_a_vote_on_a_full_disk_is_storage_full_and_the_earlier_votes_stay(tmp_path):
    # Votes run on the driver's own connection (Writer.rows): its errors must still be
    # the store's, here SQLITE_FULL as StorageFull.
    async with Store(tmp_path / "bot.db") as store:
        game, items = await _game_with_items(store)
        db = store.database.db
        async with db.execute("PRAGMA page_count") as cursor:
            pages = (await cursor.fetchone())[0]
        await db.execute(f"PRAGMA max_page_count = {pages + 2}")
        stored = 0
        with pytest.raises(StorageFull):
            for n in range(20_000):  # far more than two more pages hold
                await store.votes.record(
                    item_id=items[0], voter=f"m{n}", guess="ai", confidence=3, quality=4, now=NOW
                )
                stored += 1
        assert stored > 0
        assert await store.votes.count(game) == stored


async def test_a_chats_secret_is_made_once_and_kept(where):
    async with Store(where) as store:
        first = await store.chat_secrets.of_chat("discord", "1")
        assert len(first) == 32
        assert await store.chat_secrets.of_chat("discord", "1") == first
        assert await store.chat_secrets.of_chat("discord", "2") != first
    async with Store(where) as store:  # stable across restarts: pseudonyms stay the same
        assert await store.chat_secrets.of_chat("discord", "1") == first
