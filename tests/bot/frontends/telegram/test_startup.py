"""The real Application starts against the fake, registers its commands, answers /help."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram.ext import AIORateLimiter

from bot.errors import StartupError
from bot.frontends.telegram import serve
from bot.frontends.telegram.app import build_application
from bot.frontends.telegram.guess_actions import ACTIONS
from bot.frontends.telegram.replies import COMMANDS
from engine.params.melody import MELODY_PARAMS
from tests.bot.frontends.telegram.conftest import TOKEN, running_bot
from tests.fakes.telegram_api import FakeTelegramApi

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = 501


async def test_starts_registers_commands_and_answers_help(api, services, caplog):
    caplog.set_level(logging.DEBUG)  # even at DEBUG, nothing may print the token
    async with running_bot(api, services) as task:
        await api.send_text(CHAT, CHAT, "/help")
        [reply] = await api.wait_for("sendMessage", lambda r: r.chat_id == CHAT)
    assert task.done() and task.exception() is None
    assert [r.method for r in api.requests[:3]] == ["getMe", "setMyCommands", "deleteWebhook"]
    registered = {
        c["command"]: c["description"] for c in api.calls("setMyCommands")[0].fields["commands"]
    }
    assert set(registered) == {name for name, _ in COMMANDS}
    for action in ACTIONS:
        if action != "submit":  # a captioned file, not a typed command
            assert action in registered["guess"]
            assert action in reply.text.split("Parameters:")[0]
    for param in MELODY_PARAMS:
        assert f"• {param.name}" in reply.text
    assert "Default: C." in reply.text and "random, always reported" in reply.text
    assert TOKEN not in caplog.text


async def test_help_for_one_parameter_lists_all_its_values(api, services):
    async with running_bot(api, services):
        await api.send_text(CHAT, CHAT, "/help instrument")
        await api.send_text(CHAT, CHAT, "/help colour")
        replies = await api.wait_for("sendMessage", count=2)
    texts = "\n".join(r.text for r in replies)
    for name in MELODY_PARAMS["instrument"].choices:
        assert name in texts
    assert 'Unknown parameter "colour"' in texts


async def test_start_and_bare_guess_explain_the_commands(api, services):
    async with running_bot(api, services):
        await api.send_text(CHAT, CHAT, "/start")
        await api.wait_for("sendMessage")
        await api.send_text(CHAT, CHAT, "/guess")
        welcome, usage = await api.wait_for("sendMessage", count=2)
    assert welcome.text.startswith("/melody name:value")
    for action in ("start", "close", "results", "leaderboard", "export", "forget_me", "submit"):
        assert f"/guess {action}" in usage.text
    # Left out, a game's size and length are the chat's settings: the usage gives the ranges.
    assert "[items:<2–10 items>] [minutes:<1–1440 min>]" in usage.text


async def test_a_refused_token_is_one_clear_startup_error(services):
    async with FakeTelegramApi("654321:another-token") as refusing:
        with pytest.raises(StartupError) as caught:
            await asyncio.wait_for(
                serve(
                    services,
                    asyncio.Event(),
                    base_url=refusing.base_url,
                    base_file_url=refusing.base_file_url,
                ),
                30,
            )
    assert str(caught.value) == "the Telegram token was refused: check TELEGRAM_TOKEN in .env"
    assert refusing.requests == []  # nothing got past getMe


async def test_the_application_respects_flood_limits_through_ptb_rate_limiter(services):
    application = build_application(TOKEN, services)
    assert isinstance(application.bot.rate_limiter, AIORateLimiter)
