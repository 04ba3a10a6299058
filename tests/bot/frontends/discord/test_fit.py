"""Every Discord reply fits, however long: help topics, pending lists, reveals and results.

The fake refuses what Discord refuses (400 / 50035), so `fake.over_limits()` lists any reply
that would have left the member with "The application did not respond".
"""

from __future__ import annotations

import random
import re

import pytest

from bot.services.actor import Actor, Role
from bot.services.games.service import Chat
from bot.services.help_text import topic_help
from tests.bot.frontends.discord.conftest import running_bot
from tests.fakes.discord_api import CHANNEL_ID, EPHEMERAL_FLAG, FakeDiscord, SentInteraction
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = Chat("discord", str(CHANNEL_ID))
ADMIN = Actor("discord:9", "admin", Role.ADMIN)
LONG_NAME = "T" * 200  # a file name as long as members send them


def tune(seed: int) -> bytes:
    """A member's own 16-note tune; different seeds give melodies that do not match."""
    rng = random.Random(seed)
    return quarter_note_file("C", [rng.randrange(55, 80) for _ in range(16)], tempo_bpm=100)


async def submit_long_named(services, count: int, *, approve: bool = False) -> None:
    """`count` submissions with 200-character names, each by its own member (cooldowns)."""
    for n in range(count):
        member = Actor(f"discord:{500 + n}", f"writer{n}", Role.MEMBER)
        receipt = await services.games.submit(
            CHAT, member, tune(n), f"{LONG_NAME}{n}.mid", authorship="own"
        )
        if approve:
            await services.games.approve(CHAT, receipt.submission_id, ADMIN)


async def all_parts(fake: FakeDiscord, sent: SentInteraction, parts: int) -> list[str]:
    """The contents of an answer given as the callback and then `parts - 1` follow-ups."""
    callback = await fake.wait_for_callback(sent)
    if parts > 1:
        await fake.wait_for_followup(sent, count=parts - 1)
    return [callback["data"]["content"], *(f.json["content"] for f in sent.followups)]


async def test_help_topics_are_answered_as_on_every_front_end(discord_api: FakeDiscord, services):
    fake = discord_api
    async with running_bot(fake, services):
        whole = await fake.wait_for_callback(await fake.slash("help"))
        instrument = await all_parts(fake, await fake.slash("help", {"topic": "instrument"}), 2)
        guess = await all_parts(fake, await fake.slash("help", {"topic": "guess"}), 2)
        mood, items, vote, extra = [
            (await fake.wait_for_callback(await fake.slash("help", {"topic": topic})))["data"]
            for topic in ("mood", "items", "vote", "key scale")
        ]
        offered = await fake.wait_for_callback(await fake.autocomplete("help", "topic", "moo"))
    assert fake.over_limits() == []
    assert "/help topic:" in whole["data"]["embeds"][0]["description"]
    # Split at line ends, nothing left out: the parts are the one help text.
    assert all(len(part) <= 2000 for part in [*instrument, *guess])
    assert "\n".join(instrument) == topic_help("instrument")
    assert "\n".join(guess) == topic_help("guess")
    assert "dramatic: scale minor, tempo 132" in mood["content"]
    assert "Melodies in the game" in items["content"]
    assert "Required: item, guess." in vote["content"]
    assert extra["content"].startswith('/help takes one topic at a time, not "key scale".')
    assert extra["flags"] & EPHEMERAL_FLAG and "\n" not in extra["content"]
    assert [c["value"] for c in offered["data"]["choices"]] == ["mood"]


async def test_a_long_pending_list_fits_and_still_says_how_to_approve(
    discord_api: FakeDiscord, services
):
    fake = discord_api
    await submit_long_named(services, 12)
    async with running_bot(fake, services):
        sent = await fake.slash("guess", subcommand="approve", member=fake.member(9, "admin"))
        listed = (await fake.wait_for_followup(sent)).json["content"]
    assert fake.over_limits() == []
    assert len(listed) <= 2000
    lines = listed.split("\n")
    assert lines[0] == "Submissions waiting for approval:"
    assert lines[1].startswith(f'  #1 "{LONG_NAME}0" by writer0')
    shown = len(lines) - 3
    assert lines[-2] == f"… and {12 - shown} more"
    assert lines[-1] == "Approve one with /guess approve submission:1"


async def test_a_reveal_and_results_of_many_voters_with_long_titles_fit(
    discord_api: FakeDiscord, services
):
    fake = discord_api
    await submit_long_named(services, 2, approve=True)  # played first, titles at the reveal
    host = fake.member(600, "host")
    async with running_bot(fake, services):
        sent = await fake.slash("guess", {"items": 4}, subcommand="start", member=host)
        await fake.wait_for_followup(sent, timeout=180)
        for n in range(150):  # Discord display names are up to 32 characters
            voter = Actor(f"discord:{1000 + n}", f"{'listener' * 4}"[:29] + f"{n:03d}")
            await services.games.vote(CHAT, "A", voter, "ai" if n % 3 else "human")
        closed = await fake.slash("guess", subcommand="close", member=host)
        reveal = (await fake.wait_for_followup(closed)).json["embeds"][0]
        asked = await fake.slash("guess", {"scope": "game"}, subcommand="results", member=host)
        results = (await fake.wait_for_followup(asked)).json["embeds"][0]
    assert fake.over_limits() == []
    for embed in (reveal, results):
        description = embed["description"]
        assert len(description) <= 4096
        assert re.search(r"\nlistenerlistenerlistenerliste\d{3}: [01] of 1 right", description)
        assert "… and " in description  # the scores gave way to the limit
        assert "**Study table:**" in description and description.endswith("```")
    assert LONG_NAME in reveal["description"]


async def test_an_mp3_is_called_what_it_is_before_its_size(discord_api: FakeDiscord, services):
    fake = discord_api
    async with running_bot(fake, services):
        upload = fake.add_upload("song.mp3", b"ID3" + bytes(707 * 1024), "audio/mpeg")
        sent = await fake.slash(
            "guess", {"authorship": "own"}, subcommand="submit", attachments={"file": upload}
        )
        answer = (await fake.wait_for_callback(sent))["data"]
    assert answer["content"] == (
        '"song.mp3" is not a MIDI file (audio/mpeg). Send a Standard MIDI File (.mid).'
    )
    assert answer["flags"] & EPHEMERAL_FLAG
    assert not [r for r in fake.requests if r.path.startswith("/attachments/")]  # no download
