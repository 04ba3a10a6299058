"""Issue 12 on Telegram through the loopback fake: the authorship statement in a
submission's caption, `/guess profile`, `/guess settings` as a member and as an admin,
and the study export as one zip document."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from bot.services.actor import Actor, Role
from bot.services.games.service import Chat
from tests.bot.frontends.telegram.conftest import running_bot
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

GROUP = -100900
MEMBER, ADMIN = 41, 42


async def _reply(api, count: int) -> str:
    replies = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP, count=count)
    return replies[-1].text


async def test_authorship_profile_settings_and_the_study_zip(api, services, store):
    api.admins.add(ADMIN)
    tune = quarter_note_file("C", (60, 62, 64, 65, 67, 65, 64, 62), tempo_bpm=100)
    async with running_bot(api, services):
        await api.send_document(GROUP, MEMBER, tune, file_name="Mine.mid", caption="/guess submit")
        unstated = await _reply(api, 1)
        await api.send_document(
            GROUP,
            MEMBER,
            tune,
            file_name="Mine.mid",
            caption='/guess submit authorship:public_domain source:"Playford 1651"',
        )
        stated = await _reply(api, 2)
        await api.send_text(GROUP, MEMBER, "/guess profile experience:3y+ role:musician")
        profile = await _reply(api, 3)
        await api.send_text(GROUP, MEMBER, "/guess settings")
        shown = await _reply(api, 4)
        await api.send_text(GROUP, MEMBER, "/guess settings submissions:off")
        refused = await _reply(api, 5)
        await api.send_text(GROUP, ADMIN, "/guess settings submissions:off starters:admins")
        saved = await _reply(api, 6)
        await api.send_text(GROUP, MEMBER, "/guess start items:2")
        [refusal] = await api.wait_for("sendMessage", lambda r: "Only an admin can start" in r.text)
        start_refused = refusal.text  # after a "Preparing…" notice, deleted again
        await api.send_document(
            GROUP, MEMBER, tune, file_name="Again.mid", caption="/guess submit authorship:own"
        )
        closed_to_submissions = await _reply(api, 9)
        game = await services.games.start(
            Chat("telegram", str(GROUP)), Actor(f"telegram:{ADMIN}", role=Role.ADMIN), items=2
        )
        await services.games.vote(
            Chat("telegram", str(GROUP)), "B", Actor(f"telegram:{MEMBER}"), "human", quality=4
        )
        await services.games.close(
            Chat("telegram", str(GROUP)), Actor(f"telegram:{ADMIN}", role=Role.ADMIN)
        )
        await api.send_text(GROUP, ADMIN, "/guess export")
        [export] = await api.wait_for("sendDocument", lambda r: r.chat_id == GROUP)
    assert unstated.startswith("/guess submit needs authorship:. For example: /guess submit")
    assert "Stated: public domain (source: Playford 1651)." in stated
    assert profile.startswith("Your profile is set: experience 3y+, role musician.")
    assert shown.startswith("Game settings of this chat:") and "submissions: on" in shown
    assert refused == "Only an admin can change this chat's game settings."
    assert saved.startswith("Settings saved.") and "  submissions: off" in saved
    assert start_refused == (
        "Only an admin can start games in this chat (its settings say starters:admins)."
    )
    assert closed_to_submissions.startswith("This chat takes no submissions")
    document = export.files["document"]
    assert document.filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
        [vote] = csv.DictReader(io.StringIO(archive.read("votes.csv").decode()))
        [participant] = csv.DictReader(io.StringIO(archive.read("participants.csv").decode()))
        assert "codebook.json" in archive.namelist()
    assert (vote["game"], vote["item"], vote["shown_position"]) == (str(game.game_id), "B", "2")
    assert (participant["experience"], participant["role"]) == ("3y+", "musician")
    assert (await store.chat_settings.get("telegram", str(GROUP))).starters == "admins"
