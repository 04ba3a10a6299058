"""Every reply fits Discord's documented limits; the fake refuses what Discord would."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.frontends.discord.limits import MAX_CONTENT_CHARS, fit_text
from tests.bot.frontends.discord.conftest import running_bot
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_payloads import APPLICATION_ID

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_a_long_list_fits_one_message_with_and_n_more() -> None:
    lines = [f"#{n}: a pending submission with a fairly long title" for n in range(300)]
    fitted = fit_text("\n".join(lines))
    assert len(fitted) <= MAX_CONTENT_CHARS
    assert fitted.endswith(f"… and {300 - fitted.count(chr(10))} more")
    one_line = fit_text("x" * 5000)
    assert len(one_line) <= MAX_CONTENT_CHARS and one_line.endswith("… and 1 more")


async def test_the_fake_refuses_content_over_2000_characters_as_discord_does(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("help", {})
        await discord_api.wait_for_callback(sent)
        async with aiohttp.ClientSession() as session:
            webhook = discord.Webhook.partial(APPLICATION_ID, sent.token, session=session)
            with pytest.raises(discord.HTTPException) as refused:
                await webhook.send("x" * (MAX_CONTENT_CHARS + 1))
            await webhook.send("x" * MAX_CONTENT_CHARS)
    assert (refused.value.status, refused.value.code) == (400, 50035)
