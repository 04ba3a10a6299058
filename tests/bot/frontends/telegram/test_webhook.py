"""TELEGRAM_WEBHOOK_URL: python-telegram-bot's webhook server instead of polling.

The fake Bot API records setWebhook and then POSTs each update to the bot's server on
127.0.0.1 with the secret header, as Telegram does.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
from pydantic import SecretStr

from bot.errors import StartupError
from bot.frontends.telegram import serve
from bot.frontends.telegram.webhook import MISSING_SECRET
from tests.bot.frontends.telegram.conftest import running_services
from tests.fakes.telegram_api import FakeTelegramApi
from tests.support.helpers import serving

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = 611
SECRET = "a-webhook-secret_42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(secret: str | None = SECRET) -> dict[str, object]:
    port = free_port()
    return {
        "telegram_webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
        "telegram_webhook_secret": None if secret is None else SecretStr(secret),
        "telegram_webhook_listen": "127.0.0.1",
        "telegram_webhook_port": port,
    }


async def test_updates_arrive_through_the_webhook_with_the_secret(
    api: FakeTelegramApi, pool, tmp_path
) -> None:
    settings = webhook_settings()
    async with (
        running_services(pool, tmp_path / "bot.db", **settings) as services,
        serving(
            lambda stop: serve(
                services, stop, base_url=api.base_url, base_file_url=api.base_file_url
            ),
            api.wait_for("setWebhook"),
        ),
    ):
        await api.send_text(CHAT, CHAT, "/help")
        [reply] = await api.wait_for("sendMessage", lambda r: r.chat_id == CHAT)
        api.webhook = {**(api.webhook or {}), "secret_token": "not-the-secret"}
        await api.send_text(CHAT, CHAT, "/help")  # a forged update
    assert "Parameters:" in reply.text
    assert api.calls("setWebhook")[0].fields["url"] == settings["telegram_webhook_url"]
    assert api.webhook_statuses == [200, 403]  # the forged one refused
    assert len(api.calls("sendMessage")) == 1  # and never answered
    assert api.calls("getUpdates") == []


async def test_a_webhook_without_a_secret_is_refused_in_one_line(
    api: FakeTelegramApi, pool, tmp_path
) -> None:
    async with running_services(pool, tmp_path / "bot.db", **webhook_settings(None)) as services:
        with pytest.raises(StartupError) as refused:
            await serve(services, asyncio.Event(), base_url=api.base_url)
    assert str(refused.value) == MISSING_SECRET
    assert api.requests == []  # refused before any call to Telegram
