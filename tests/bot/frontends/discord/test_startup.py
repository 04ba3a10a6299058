"""The real discord.py client logs in through the fake, syncs its commands and answers /help."""

from __future__ import annotations

import asyncio
import logging

import discord
import pytest

from bot.errors import StartupError
from bot.frontends.discord import drain_seconds, serve
from bot.services.games.options import GAME_OPTIONS
from bot.services.melody import job_timeout
from engine.params.melody import MELODY_PARAMS, MelodyParams
from engine.theory.meters import METERS
from tests.bot.frontends.discord.conftest import TOKEN, running_bot, running_services
from tests.fakes.discord_api import EPHEMERAL_FLAG, GUILD_ID, FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_logs_in_syncs_commands_and_answers_help(discord_api: FakeDiscord, services) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("help")
        callback = await discord_api.wait_for_callback(sent)
    paths = [r.path for r in discord_api.requests]
    assert paths[0] == "/users/@me"
    names = {c["name"] for c in discord_api.commands[None]}
    assert names == {"melody", "guess", "help"}
    assert callback["data"]["flags"] & EPHEMERAL_FLAG
    text = "\n".join(f["value"] for f in callback["data"]["embeds"][0]["fields"])
    lines = {line.split("**")[1]: line for line in text.splitlines() if line.startswith("**")}
    assert list(lines) == [p.name for p in MELODY_PARAMS]
    for param in MELODY_PARAMS:
        line = lines[param.name]
        if param.default_text is not None:
            assert f"(default {param.default_text.replace('_', ' ')})" in line
        if param.is_number:
            assert param.allowed() in line
        elif 0 < len(param.choices) <= 25:
            assert all(c.replace("_", " ") in line for c in param.choices)
    assert "/guess approve" in text


async def test_melody_options_come_from_the_table(discord_api: FakeDiscord, pool, tmp_path) -> None:
    async with (
        running_services(pool, tmp_path / "bot.db", discord_guild_id=GUILD_ID) as dev,
        running_bot(discord_api, dev),
    ):
        pass
    assert None not in discord_api.commands  # a development guild syncs only there
    melody = next(c for c in discord_api.commands[GUILD_ID] if c["name"] == "melody")
    options = {o["name"]: o for o in melody["options"]}
    assert list(options) == [p.name for p in MELODY_PARAMS] + ["picture"]  # the post's own
    assert [c["value"] for c in options["picture"]["choices"]] == ["score", "pianoroll"]
    assert [c["value"] for c in options["scale"]["choices"]] == list(MELODY_PARAMS["scale"].choices)
    assert options["instrument"]["autocomplete"] is True
    assert (options["tempo"]["min_value"], options["tempo"]["max_value"]) == (40, 240)
    assert all(len(o.get("choices", [])) <= 25 for o in melody["options"])
    # Descriptions fit Discord's 100 characters whole: none is cut short.
    assert all(
        len(o["description"]) <= 100 and not o["description"].endswith("…")
        for o in melody["options"]
    )
    assert options["seed"]["description"].startswith(MELODY_PARAMS["seed"].help)


async def test_the_token_is_sent_to_discord_but_never_logged(
    discord_api: FakeDiscord, services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(discord_api, services):
        await discord_api.wait_for_callback(await discord_api.slash("help"))
    assert discord_api.requests[0].authorization == f"Bot {TOKEN}"
    assert discord_api.identified_tokens == [TOKEN]
    privileged = discord.Intents(members=True, presences=True, message_content=True).value
    assert discord_api.identified_intents[0] & privileged == 0
    assert caplog.records  # discord.py and the bot did log, at every level
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(services.settings)


async def test_guess_subcommands_and_their_options_come_from_the_game_table(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        pass
    guess = next(c for c in discord_api.commands[None] if c["name"] == "guess")
    subcommands = {
        s["name"]: {o["name"]: o for o in s.get("options", [])} for s in guess["options"]
    }
    assert set(subcommands) == {
        "start",
        "close",
        "results",
        "leaderboard",
        "submit",
        "approve",
        "export",
        "profile",
        "settings",
        "forget-me",
    }
    items = subcommands["start"]["items"]
    assert (items["min_value"], items["max_value"]) == (
        GAME_OPTIONS["items"].minimum,
        GAME_OPTIONS["items"].maximum,
    )
    assert [c["value"] for c in subcommands["results"]["scope"]["choices"]] == ["game", "all"]
    approve = subcommands["approve"]["submission"]  # optional: alone it lists what waits
    assert (approve["required"], approve["autocomplete"]) == (False, True)
    assert subcommands["submit"]["file"]["type"] == 11  # an attachment
    # The authorship statement is asked for beside the file, and required.
    assert list(subcommands["submit"])[:2] == ["file", "authorship"]
    assert subcommands["submit"]["authorship"]["required"] is True


async def test_a_refused_token_is_one_clear_startup_error(
    services, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with FakeDiscord(valid_token="MTAwMQ.another.token") as fake:
        fake.point_discord_py_here(monkeypatch)
        with pytest.raises(StartupError) as caught:
            await asyncio.wait_for(serve(services, asyncio.Event()), 30)
    assert str(caught.value) == "the Discord token was refused: check DISCORD_TOKEN in .env"
    assert [r.path for r in fake.requests] == ["/users/@me"]  # it asked once, then gave up
    assert fake.identify_count == 0


async def test_shutdown_waits_long_enough_for_the_longest_melody_a_member_may_ask_for(
    services,
) -> None:
    pool = services.melody.pool
    bars, tempo = MELODY_PARAMS["bars"].maximum, MELODY_PARAMS["tempo"].minimum
    for meter in METERS:
        longest = MelodyParams(bars=bars, tempo=tempo, time=meter)
        assert drain_seconds(services) > job_timeout(pool, longest.duration_seconds)
