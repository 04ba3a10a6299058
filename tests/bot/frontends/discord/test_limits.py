"""Every reply fits Discord's documented limits; the fake refuses what Discord would."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.frontends.discord.limits import (
    MAX_CONTENT_CHARS,
    MAX_EMBED_TOTAL_CHARS,
    fit_embed,
    fit_embeds,
    fit_text,
    split_content,
)
from tests.bot.frontends.discord.conftest import running_bot
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.discord_limits import message_errors
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


async def test_an_embed_over_every_limit_is_fitted_as_the_fake_checks_it() -> None:
    embed = discord.Embed(
        title="T" * 300,
        description="\n".join(f"score line {n} of a long reveal" for n in range(400)),
    )
    for n in range(40):
        embed.add_field(name=f"field {n} " + "n" * 300, value="v" * 2000)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="a" * 300)
    fitted = fit_embed(embed).to_dict()
    assert message_errors({"embeds": [fitted]}, 0) == {}  # the fake's own reading of the docs
    assert len(fit_embed(embed)) <= MAX_EMBED_TOTAL_CHARS
    assert fitted["title"].endswith("…") and len(fitted["title"]) == 256
    last = fitted["fields"][-1]
    assert last["value"] == f"… and {40 - (len(fitted['fields']) - 1)} more"


async def test_ten_embeds_share_the_6000_characters_of_one_message() -> None:
    embeds = [discord.Embed(description="d" * 4000) for _ in range(12)]
    fitted = [e.to_dict() for e in fit_embeds(embeds)]
    assert len(fitted) == 10
    assert message_errors({"embeds": fitted}, 0) == {}


async def test_long_help_is_split_at_line_ends_and_nothing_is_lost() -> None:
    text = "\n".join(f"  line {n}: " + "x" * 90 for n in range(100))
    parts = split_content(text)
    assert all(len(part) <= MAX_CONTENT_CHARS for part in parts)
    assert "\n".join(parts) == text  # the indent of each part's first line is kept
