"""Every Telegram reply fits, however long: help topics, pending lists and reveals.

The fake refuses what Telegram refuses (text over 4,096 UTF-16 units after entity parsing,
captions over 1,024), so `api.refusals()` lists any reply the chat would never have seen.
"""

from __future__ import annotations

import html
import random
import re

import pytest

from bot.frontends.telegram.limits import fit_lines, shorten, split_message
from bot.services.actor import Actor, Role
from bot.services.games.service import Chat
from bot.services.help_text import topic_help
from tests.bot.frontends.telegram.conftest import running_bot
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

GROUP = -100900
MEMBER, STARTER = 41, 43
CHAT = Chat("telegram", str(GROUP))
ADMIN = Actor("telegram:42", "admin", Role.ADMIN)
LONG_NAME = "T" * 240  # Telegram keeps file names of up to 255 characters


def tune(seed: int) -> bytes:
    """A member's own 16-note tune; different seeds give melodies that do not match."""
    rng = random.Random(seed)
    return quarter_note_file("C", [rng.randrange(55, 80) for _ in range(16)], tempo_bpm=100)


async def submit_long_named(services, count: int, *, approve: bool = False) -> None:
    """`count` submissions with 240-character names, each by its own member."""
    for n in range(count):
        member = Actor(f"telegram:{500 + n}", f"writer{n}", Role.MEMBER)
        receipt = await services.games.submit(
            CHAT, member, tune(n), f"{LONG_NAME}{n}.mid", authorship="own"
        )
        if approve:
            await services.games.approve(CHAT, receipt.submission_id, ADMIN)


def units(text: str) -> int:
    """Telegram's length of a text: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def shown(text: str) -> str:
    """What a chat shows of an HTML message: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


async def test_help_topics_are_answered_as_on_every_front_end(api, services):
    topics = ("instrument", "guess", "mood", "items", "vote", "key scale")
    async with running_bot(api, services):
        for topic in topics:
            await api.send_text(GROUP, MEMBER, f"/help {topic}")
        replies = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP, count=len(topics))
    assert api.refusals() == []
    instrument, guess, mood, items, vote, extra = (r.text for r in replies)
    assert instrument == topic_help("instrument")
    assert guess == topic_help("guess")
    assert "dramatic: scale minor, tempo 132" in mood
    assert "Melodies in the game" in items
    assert "Required: item, guess." in vote
    # Extra words are answered in one line, not dropped (/help key used to answer key).
    assert extra.startswith('/help takes one topic at a time, not "key scale".')
    assert "\n" not in extra


async def test_a_long_pending_list_fits_and_still_says_how_to_approve(api, services):
    await submit_long_named(services, 20)
    async with running_bot(api, services):
        await api.send_text(GROUP, MEMBER, "/guess approve")
        [reply] = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP)
    assert api.refusals() == []
    lines = reply.text.split("\n")
    assert len(reply.text) <= 4096
    assert lines[1].startswith(f'  #1 "{LONG_NAME}0" by writer0')
    assert lines[-2] == f"… and {20 - (len(lines) - 3)} more"
    assert lines[-1] == "Approve one with /guess approve submission:1"


async def test_a_reveal_of_many_voters_with_long_titles_is_sent_whole_in_parts(api, services):
    await submit_long_named(services, 2, approve=True)  # played first, titles at the reveal
    names = [f"{'listener' * 4}"[:29] + f"{n:03d}" for n in range(150)]
    async with running_bot(api, services):
        await api.send_text(GROUP, STARTER, "/guess start items:4 minutes:5")
        await api.wait_for("sendMessage", lambda r: "0 members have voted" in r.text, timeout=180)
        for n, name in enumerate(names):
            voter = Actor(f"telegram:{1000 + n}", name)
            await services.games.vote(CHAT, "A", voter, "ai" if n % 3 else "human")
        before = len(api.calls("sendMessage", GROUP))
        await api.send_text(GROUP, STARTER, "/guess close")
        await api.wait_for("sendMessage", lambda r: "Quality AI − human" in shown(r.text))
        parts = [r.text for r in api.calls("sendMessage", GROUP)[before:]]
    assert api.refusals() == []
    assert len(parts) > 1 and all(len(shown(part)) <= 4096 for part in parts)
    reveal = "\n".join(shown(part) for part in parts)
    assert all(f"{name}: " in reveal for name in names)  # split, nothing left out
    assert reveal.count(LONG_NAME) == 2


async def test_an_mp3_is_called_what_it_is_before_its_size(api, services):
    async with running_bot(api, services):
        await api.send_document(
            GROUP,
            MEMBER,
            b"ID3" + bytes(707 * 1024),
            file_name="song.mp3",
            caption="/guess submit authorship:own",
            mime_type="audio/mpeg",
        )
        [reply] = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP)
    assert reply.text == (
        '"song.mp3" is not a MIDI file (audio/mpeg). Send a Standard MIDI File (.mid).'
    )
    assert not api.calls("getFile")  # refused before downloading anything


async def test_an_mp3_named_mid_is_still_called_not_midi_by_its_header_not_its_size(api, services):
    async with running_bot(api, services):
        await api.send_document(
            GROUP,
            MEMBER,
            b"ID3" + bytes(707 * 1024),
            file_name="song.mid",
            caption="/guess submit authorship:own",
            claimed_size=1000,  # a size that passes; the bytes are what they are
        )
        [reply] = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP)
    assert reply.text == "That is not a MIDI file. Send a Standard MIDI File (.mid)."


async def test_emoji_count_twice_as_telegram_counts_them():
    text = "\n".join("🎵" * 100 for _ in range(60))  # 6,000 characters, 12,000 UTF-16 units
    fitted = fit_lines(text)
    parts = split_message(text)
    assert units(fitted) <= 4096 and fitted.endswith(" more")
    assert all(units(part) <= 4096 for part in parts)
    assert "\n".join(parts) == text
    assert units(shorten("🎵" * 300, 200)) <= 200
