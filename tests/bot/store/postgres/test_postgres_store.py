"""The store on a real PostgreSQL: the rules that matter when several bot processes share it.

Each `Store` has its own engine and pool, as each bot process would.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from bot.errors import StartupError, StorageFull, user_message
from bot.store import Store
from tests.postgres import PostgresServer, free_port

NOW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


async def _open_game(store: Store) -> tuple[int, list[int]]:
    melody = await store.melodies.add(source="ai", params={"key": "D"}, midi=b"MThd", now=NOW)
    game = await store.games.create(
        platform="discord",
        chat="1",
        creator="discord:9",
        opened_at=NOW,
        closes_at=NOW + timedelta(minutes=5),
        items=[("A", melody), ("B", melody)],
    )
    return game, [item.id for item in await store.games.items(game)]


async def test_of_many_closers_in_two_processes_exactly_one_claims_the_close(postgres_url):
    async with Store(postgres_url) as first, Store(postgres_url) as second:
        game, _ = await _open_game(first)
        closers = [
            (first if n % 2 else second).games.close(game, f"timer-{n}", NOW, announced=False)
            for n in range(12)
        ]
        claimed = await asyncio.gather(*closers)
        assert claimed.count(True) == 1
        closed = await second.games.get(game)
        assert closed.status == "closed"
        assert closed.closed_by == f"timer-{claimed.index(True)}"
        assert await first.games.open_all() == []  # a restart re-arms nothing


async def test_concurrent_votes_of_one_member_keep_one_row_and_the_last_is_committed(postgres_url):
    async with Store(postgres_url) as first, Store(postgres_url) as second:
        game, (item, _) = await _open_game(first)
        votes = [
            (first if n % 2 else second).votes.record(
                item_id=item,
                voter="discord:ann",
                guess="ai",
                confidence=n % 5 + 1,
                quality=None,
                now=NOW,
            )
            for n in range(10)
        ]
        await asyncio.gather(*votes)
        stored = await second.votes.of_game(game)
        assert [(v.voter, v.guess) for v in stored] == [("discord:ann", "ai")]
        assert await first.votes.count(game) == 1


async def test_an_unreachable_server_is_refused_in_one_line():
    url = f"postgresql://melodybot:secret@127.0.0.1:{free_port()}/bot"
    with pytest.raises(StartupError) as caught:
        async with Store(url):
            pass
    message = str(caught.value)
    assert message.startswith("cannot reach the database at postgresql://melodybot:***@127.0.0.1:")
    assert "secret" not in message and "\n" not in message


async def test_a_read_only_database_is_refused_in_one_line(postgres_url):
    async with Store(postgres_url):
        pass
    name = postgres_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(postgres_url)
    await admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    await admin.close()
    with pytest.raises(StartupError) as caught:
        async with Store(postgres_url):
            pass
    assert str(caught.value) == (
        f"cannot use the database at {postgres_url}: "
        "it is read-only (a standby?); point DATABASE_URL at the primary"
    )


async def test_a_schema_newer_than_the_code_is_refused(postgres_url):
    async with Store(postgres_url):
        pass
    admin = await asyncpg.connect(postgres_url)
    await admin.execute("UPDATE alembic_version SET version_num = '9999'")
    await admin.close()
    with pytest.raises(StartupError) as caught:
        async with Store(postgres_url):
            pass
    assert str(caught.value).startswith(
        f"cannot use the database at {postgres_url}: its schema is revision 9999"
    )


def test_the_server_fixture_runs_as_an_unprivileged_user(postgres_server: PostgresServer):
    owner = (postgres_server.folder / "data").stat().st_uid
    assert owner != 0  # PostgreSQL refuses to run as root; the cluster is not root's


async def test_a_full_disk_on_the_server_is_storage_full_said_once(postgres_url, caplog):
    # No cheap real way to fill a server's disk here (no loop device or small tmpfs, and
    # temp_file_limit raises 53400, not 53100), so the server itself raises SQLSTATE
    # 53100 disk_full, with the message it gives then, from a trigger on the insert.
    async with Store(postgres_url) as store:
        game, _ = await _open_game(store)
        connection = await asyncpg.connect(postgres_url)
        try:
            await connection.execute(
                "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " RAISE EXCEPTION 'could not extend file: No space left on device'"
                " USING ERRCODE = 'disk_full'; END $$;"
                " CREATE TRIGGER disk_full BEFORE INSERT ON melodies"
                " FOR EACH ROW EXECUTE FUNCTION disk_full()"
            )
        finally:
            await connection.close()
        for _ in range(3):
            with pytest.raises(StorageFull) as caught:
                await store.melodies.add(source="ai", params={}, midi=b"MThd", now=NOW)
            assert user_message(caught.value).startswith("Storage full: this could not be saved.")
        assert (await store.games.get(game)).id == game  # reading goes on
    full = [r for r in caplog.records if "storage full" in r.getMessage()]
    assert len(full) == 1
