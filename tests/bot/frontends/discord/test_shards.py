"""Discord sharding: AutoShardedClient always, and DISCORD_SHARD_IDS/COUNT to split shards."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import StartupError
from bot.frontends.discord import serve
from tests.bot.frontends.discord.conftest import running_bot, running_services
from tests.fakes.discord_api import EPHEMERAL_FLAG, FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_one_process_asks_discord_for_the_shard_count(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        callback = await discord_api.wait_for_callback(await discord_api.slash("help"))
    assert callback["data"]["flags"] & EPHEMERAL_FLAG  # it answers as before
    assert "/gateway/bot" in [r.path for r in discord_api.requests]
    assert discord_api.identified_shards == [[0, 1]]


async def test_a_process_runs_only_its_shards(discord_api: FakeDiscord, pool, tmp_path) -> None:
    async with (
        running_services(
            pool, tmp_path / "bot.db", discord_shard_ids=[1], discord_shard_count=2
        ) as shard_one,
        running_bot(discord_api, shard_one),
    ):
        callback = await discord_api.wait_for_callback(await discord_api.slash("help"))
    assert callback["data"]["embeds"]
    assert discord_api.identified_shards == [[1, 2]]
    assert "/gateway/bot" not in [r.path for r in discord_api.requests]


async def test_shard_ids_without_a_count_is_one_line(pool, tmp_path) -> None:
    async with running_services(pool, tmp_path / "bot.db", discord_shard_ids=[0]) as services:
        with pytest.raises(StartupError) as refused:
            await serve(services, asyncio.Event())
    assert str(refused.value) == "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT above every id."
