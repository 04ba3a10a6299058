"""Migration 008's study data against a real database file: per-vote timing and changes,
authorship statements, member profiles and per-chat settings."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.store import ChatSettingsRow, Store

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


async def _game(store: Store) -> tuple[int, list[int]]:
    ai = await store.melodies.add(source="ai", params={"key": "D"}, seed=7, midi=b"a", now=NOW)
    human = await store.melodies.add(
        source="human",
        params={"key": "G"},
        midi=b"h",
        now=NOW,
        title="Mine",
        submitter="console:ann",
        authorship="public_domain",
        authorship_source="O'Neill's 1850, no. 12",
    )
    game = await store.games.create(
        platform="console",
        chat="room",
        creator="console:you",
        opened_at=NOW,
        closes_at=NOW + timedelta(minutes=10),
        items=[("A", human), ("B", ai)],
    )
    return game, [item.id for item in await store.games.items(game)]


async def test_a_vote_keeps_its_position_first_time_and_counts_its_changes(tmp_path):
    path = tmp_path / "bot.db"
    async with Store(path) as store:
        game, (_, item_b) = await _game(store)
        vote = {"item_id": item_b, "voter": "console:bo", "shown_position": 2, "posted_at": NOW}
        await store.votes.record(
            **vote, guess="ai", confidence=3, quality=None, now=NOW + timedelta(seconds=42.5)
        )
        # The same vote again is no change; a different guess or rating is.
        await store.votes.record(
            **vote, guess="ai", confidence=3, quality=None, now=NOW + timedelta(seconds=50)
        )
        await store.votes.record(
            **vote, guess="human", confidence=3, quality=None, now=NOW + timedelta(seconds=60)
        )
        await store.votes.record(
            **vote, guess="human", confidence=5, quality=None, now=NOW + timedelta(seconds=70)
        )
    # Read back from the file in a new connection: committed, not cached.
    raw = sqlite3.connect(path)
    assert raw.execute(
        "SELECT shown_position, first_vote_seconds, changes, guess, confidence FROM votes"
    ).fetchall() == [(2, 42.5, 2, "human", 5)]
    raw.close()
    async with Store(path) as store:
        (stored,) = await store.votes.of_game(game)
        assert (stored.shown_position, stored.first_vote_seconds, stored.changes) == (2, 42.5, 2)
        assert stored.voted_at == NOW + timedelta(seconds=70)


async def test_the_authorship_statement_comes_back_with_the_item(tmp_path):
    async with Store(tmp_path / "bot.db") as store:
        game, _ = await _game(store)
        human, ai = await store.games.items(game)
        assert (human.authorship, human.authorship_source) == (
            "public_domain",
            "O'Neill's 1850, no. 12",
        )
        assert (ai.authorship, ai.authorship_source) == (None, None)
        with pytest.raises(IntegrityError):  # only the two statements exist
            await store.melodies.add(
                source="human", params={}, midi=b"x", now=NOW, authorship="found it"
            )


async def test_a_profile_is_stored_replaced_and_forgotten(tmp_path):
    async with Store(tmp_path / "bot.db") as store:
        assert (
            await store.profiles.set("tg:1", experience="hobby", role="listener", now=NOW) is None
        )
        earlier = await store.profiles.set("tg:1", experience="3y+", role="producer", now=NOW)
        assert earlier is not None and (earlier.experience, earlier.role) == ("hobby", "listener")
        await store.profiles.set("tg:2", experience="none", role="musician", now=NOW)
        found = await store.profiles.of_members(["tg:1", "tg:2", "tg:3"])
        assert {m: (p.experience, p.role) for m, p in found.items()} == {
            "tg:1": ("3y+", "producer"),
            "tg:2": ("none", "musician"),
        }
        with pytest.raises(IntegrityError):
            await store.profiles.set("tg:4", experience="ten years", role="listener", now=NOW)
        await store.members.forget("tg:1")
        assert await store.profiles.get("tg:1") is None
        assert await store.profiles.get("tg:2") is not None


async def test_chat_settings_are_stored_per_chat_and_replaced_whole(tmp_path):
    path = tmp_path / "bot.db"
    settings = ChatSettingsRow(
        platform="discord",
        chat="1",
        default_items=6,
        default_minutes=30,
        starters="admins",
        submissions_allowed=False,
        min_experience="1-3y",
        min_role="producer",
        updated_by="discord:9",
        updated_at=NOW,
    )
    async with Store(path) as store:
        assert await store.chat_settings.get("discord", "1") is None
        await store.chat_settings.put(settings)
        await store.chat_settings.put(replace(settings, chat="2", starters="everyone"))
    async with Store(path) as store:
        assert await store.chat_settings.get("discord", "1") == settings
        await store.chat_settings.put(replace(settings, min_role=None, default_items=2))
        stored = await store.chat_settings.get("discord", "1")
        assert stored is not None and (stored.min_role, stored.default_items) == (None, 2)
        other = await store.chat_settings.get("discord", "2")
        assert other is not None and other.starters == "everyone"
        with pytest.raises(IntegrityError):
            await store.chat_settings.put(replace(settings, starters="mods"))
