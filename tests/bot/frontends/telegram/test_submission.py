"""MIDI submissions sent as a document captioned /guess submit, hostile ones included."""

from __future__ import annotations

import pytest

from bot.errors import APOLOGY
from engine.human.submission import MAX_BYTES
from tests.bot.frontends.telegram.conftest import running_bot
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

GROUP = -100800
MEMBER, ADMIN = 31, 32


def _tune() -> bytes:
    """A two-bar C major tune written with mido: a member's own file, not the bot's."""
    return quarter_note_file("C", (60, 62, 64, 65, 67, 65, 64, 62), tempo_bpm=100)


async def _reply(api, count: int):
    replies = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP, count=count)
    return replies[-1].text


async def test_a_good_submission_is_stored_and_an_admin_approves_it(api, services, store):
    api.admins.add(ADMIN)
    async with running_bot(api, services):
        await api.send_document(
            GROUP, MEMBER, _tune(), file_name="My Tune.mid", caption="/guess submit authorship:own"
        )
        receipt = await _reply(api, 1)
        await api.send_text(GROUP, ADMIN, "/guess approve")
        waiting = await _reply(api, 2)
        await api.send_text(GROUP, MEMBER, "/guess approve submission:1")
        refused = await _reply(api, 3)
        await api.send_text(GROUP, ADMIN, "/guess@melody_test_bot approve submission:1")
        approved = await _reply(api, 4)
    assert receipt.startswith('Submission 1 received: "My Tune", C major, 4/4, 2 bars, 100 BPM')
    assert waiting == (
        'Submissions waiting for approval:\n  #1 "My Tune" by user31\n'
        "Approve one with /guess approve submission:1"
    )
    assert refused == "Only an admin can approve submissions."
    assert "is approved" in approved
    [submission] = await store.submissions.pending("telegram", str(GROUP)) or [None]
    assert submission is None  # approved, so no longer pending
    assert (await store.submissions.get(1)).submitter == f"telegram:{MEMBER}"


@pytest.mark.parametrize(
    ("data", "claimed_size", "reason"),
    [
        (_tune()[: len(_tune()) // 2], None, "truncated (it ends in the middle of a track)"),
        (b"MThd" + b"\xff" * 60, None, "not a valid MIDI file"),  # a header and then garbage
        (b"not a midi file at all", None, "That is not a MIDI file."),
        (
            b"MThd" + b"\0" * 64,
            30 * 1024 * 1024,
            "a submission may be at most",
        ),  # Telegram says 30 MB
        (
            _tune() + b"\0" * (MAX_BYTES + 1),
            None,
            "a submission may be at most",
        ),  # really oversized
    ],
)
async def test_hostile_submissions_are_refused_with_a_reason(
    api, services, store, data, claimed_size, reason
):
    async with running_bot(api, services):
        await api.send_document(
            GROUP, MEMBER, data, caption="/guess submit authorship:own", claimed_size=claimed_size
        )
        text = await _reply(api, 1)
    assert text != APOLOGY and "\n" not in text and len(text) > 10
    assert reason in text
    if claimed_size:
        assert not api.calls("getFile")  # refused before downloading anything
    assert await store.submissions.pending("telegram", str(GROUP)) == []


async def test_submit_without_a_file_explains_how(api, services):
    async with running_bot(api, services):
        await api.send_text(GROUP, MEMBER, "/guess submit")
        await api.send_text(GROUP, MEMBER, "/guess strat")
        first, second = await api.wait_for("sendMessage", count=2)
    assert "as a document with the caption /guess submit" in first.text
    assert second.text.startswith('Unknown /guess action "strat".')
    assert 'Did you mean "start"?' in second.text


async def test_only_an_admin_or_the_starter_may_export_the_votes(api, services):
    async with running_bot(api, services):
        await api.send_text(GROUP, MEMBER, "/guess export scope:all")
        refused = await _reply(api, 1)
    assert refused == (
        "Only an admin can export the votes of every game here; the starter of the "
        "latest game can export that game (scope:game)."
    )
    assert not api.calls("sendDocument")
