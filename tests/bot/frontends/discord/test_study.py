"""Issue 12 on Discord through the loopback fake: the authorship statement at submit,
`/guess profile`, `/guess settings` as a member and as an admin, and the study zip."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from bot.services.actor import Actor
from bot.services.games.service import Chat
from tests.bot.frontends.discord.conftest import running_bot
from tests.fakes.discord_api import CHANNEL_ID, EPHEMERAL_FLAG, FakeDiscord, RecordedRequest
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")
CHAT = Chat("discord", str(CHANNEL_ID))


async def _ask(fake: FakeDiscord, member: dict, subcommand: str, **options) -> RecordedRequest:
    sent = await fake.slash("guess", options, subcommand=subcommand, member=member)
    return await fake.wait_for_followup(sent, timeout=180)


async def test_submit_says_who_wrote_it_and_settings_profile_and_export_work(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    writer = fake.member(70, "writer")
    admin = fake.member(71, "admin", manage_guild=True)
    tune = quarter_note_file("A", [69, 71, 73, 74, 76, 74, 73, 71] * 4)
    async with running_bot(fake, services):
        # Discord itself asks for the required authorship (see test_startup).
        stated = await fake.wait_for_followup(
            await fake.slash(
                "guess",
                {"authorship": "public_domain", "source": "Ryan's Mammoth Collection, 1883"},
                subcommand="submit",
                member=writer,
                attachments={"file": fake.add_upload("reel.mid", tune)},
            )
        )
        profile = await _ask(fake, writer, "profile", experience="1-3y", role="producer")
        shown = await _ask(fake, writer, "settings")
        refused = await _ask(fake, writer, "settings", starters="admins")
        saved = await _ask(fake, admin, "settings", starters="admins", default_items=2)
        start_refused = await _ask(fake, writer, "start")
        started = await _ask(fake, admin, "start")
        # The vote buttons are test_games' subject; here the vote goes to the service.
        await services.games.vote(CHAT, "A", Actor("discord:70", "writer"), "ai", confidence=3)
        await _ask(fake, admin, "close")
        results = await _ask(fake, writer, "results", by="role")
        export = await _ask(fake, admin, "export")
    assert (
        "Stated: public domain (source: Ryan's Mammoth Collection, 1883)."
        in (stated.json["content"])
    )
    assert profile.json["content"].startswith("Your profile is set: experience 1-3y, role producer")
    assert shown.json["content"].startswith("Game settings of this chat:")
    assert refused.json["content"] == "Only an admin can change this chat's game settings."
    assert "  starters: admins" in saved.json["content"]
    assert start_refused.json["content"] == (
        "Only an admin can start games in this chat (its settings say starters:admins)."
    )
    assert len(started.files) == 2  # the chat's default_items
    fields = [f["value"] for f in results.json["embeds"][0].get("fields", [])]
    assert any("By role:" in value and "producer" in value for value in fields)
    assert export.files[0].filename.endswith(".zip") and export.json["flags"] & EPHEMERAL_FLAG
    with zipfile.ZipFile(io.BytesIO(export.files[0].data)) as archive:
        assert sorted(archive.namelist()) == [
            "codebook.json",
            "items.csv",
            "participants.csv",
            "votes.csv",
        ]
        [vote] = list(csv.DictReader(io.StringIO(archive.read("votes.csv").decode())))
        [participant] = list(csv.DictReader(io.StringIO(archive.read("participants.csv").decode())))
    assert (vote["item"], vote["guess"], vote["shown_position"]) == ("A", "ai", "1")
    assert (participant["experience"], participant["role"]) == ("1-3y", "producer")
    assert participant["participant"] == vote["participant"]
