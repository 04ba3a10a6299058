"""/melody input through the real client: bad values answer ephemerally; autocomplete works."""

from __future__ import annotations

import pytest

from tests.bot.frontends.discord.conftest import running_bot
from tests.fakes.discord_api import CHANNEL_MESSAGE, EPHEMERAL_FLAG, FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_unknown_instrument_gets_an_ephemeral_one_line_error(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("melody", {"key": "D", "instrument": "violn"})
        callback = await discord_api.wait_for_callback(sent)
    assert callback["type"] == CHANNEL_MESSAGE
    assert callback["data"]["flags"] & EPHEMERAL_FLAG
    text = callback["data"]["content"]
    assert "\n" not in text
    assert "instrument:violn" in text and 'Did you mean "violin"?' in text
    assert not sent.followups  # nothing was composed


async def test_out_of_range_tempo_names_the_range(discord_api: FakeDiscord, services) -> None:
    # Discord enforces min/max in its client, but a raw API call can still send anything.
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("melody", {"tempo": 999})
        callback = await discord_api.wait_for_callback(sent)
    assert callback["data"]["flags"] & EPHEMERAL_FLAG
    assert "40" in callback["data"]["content"] and "240" in callback["data"]["content"]


async def test_instrument_autocomplete_offers_friendly_and_general_midi_names(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        violin = await discord_api.autocomplete("melody", "instrument", "vio")
        sax = await discord_api.autocomplete("melody", "instrument", "Sax")
        violins = await discord_api.wait_for_callback(violin)
        saxes = await discord_api.wait_for_callback(sax)
    assert [c["value"] for c in violins["data"]["choices"]][:2] == ["violin", "viola"]
    sax_values = [c["value"] for c in saxes["data"]["choices"]]
    assert "sax" in sax_values and "tenor_sax" in sax_values
    assert {"name": "tenor sax", "value": "tenor_sax"} in saxes["data"]["choices"]
