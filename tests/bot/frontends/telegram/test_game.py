"""A full "AI or human?" game in a Telegram group, through button presses, and a restart."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest

from bot.services.games.service import Chat, utc_now
from tests.bot.frontends.telegram.conftest import running_bot, running_services

pytestmark = pytest.mark.asyncio(loop_scope="module")

GROUP = -100700
STARTER = 1
MEMBERS = (11, 12, 13, 14, 15)


def _button(request, label: str) -> str:
    """callback_data of the button whose text is `label` on a recorded send."""
    return next(b["callback_data"] for b in request.buttons if b["text"] == label)


def _score(request, first_label: str, score: int) -> str:
    """callback_data of the score `score` in the row that starts with `first_label`."""
    return _button(request, first_label).rsplit(":", 1)[0] + f":{score}"


def _is_status(request, voters: int) -> bool:
    return request.chat_id == GROUP and f"{voters} members have voted" in request.text


async def _start_game(api, chat: int, items: int = 2) -> list:
    """/guess start; returns the item audio requests once the status message is up."""
    await api.send_text(chat, STARTER, f"/guess start items:{items} minutes:5")
    await api.wait_for(
        "sendMessage", lambda r: r.chat_id == chat and "0 members have voted" in r.text
    )
    return api.calls("sendAudio", chat)


async def test_five_members_vote_one_twice_close_reveal_five_votes_stored(api, services, store):
    async with running_bot(api, services):
        items = await _start_game(api, GROUP)
        assert [i.fields["title"] for i in items] == ["Melody A", "Melody B"]
        assert all(
            i.files["audio"].data[:3] == b"ID3" or i.files["audio"].data[0] == 0xFF for i in items
        )
        preparing, intro = (r.text for r in api.calls("sendMessage", GROUP)[:2])
        assert preparing.startswith("Preparing a game of 2 melodies")
        assert not api.messages.get(
            (GROUP, api.calls("sendMessage", GROUP)[0].answer["message_id"])
        )  # deleted once the game is up
        assert "AI or human?" in intro and "Voting closes at" in intro
        item_a = api.sent_message(items[0])
        ai, human = _button(items[0], "AI"), _button(items[0], "Human")

        for member in MEMBERS:
            await api.press(member, item_a, ai)
        await api.wait_for("answerCallbackQuery", count=5)
        again = await api.press(MEMBERS[0], item_a, human)  # changes its mind: replaces
        # Sure and Quality tapped at once: both must be kept.
        await api.press(MEMBERS[1], item_a, _score(items[0], "Sure 1", 4))
        await api.press(MEMBERS[1], item_a, _score(items[0], "Quality 1", 3))
        unvoted = await api.press(99, item_a, _button(items[0], "Sure 1"))  # rates, no vote
        answers = await api.wait_for("answerCallbackQuery", count=9)
        answer = {r.fields["callback_query_id"]: r for r in answers}
        assert "replaced your earlier vote" in answer[again].text
        assert "Saved: A is AI, sure 4/5, quality 3/5." in [r.text for r in answers]
        assert answer[unvoted].fields["show_alert"]
        assert "Vote AI or Human on A first" in answer[unvoted].text
        await api.wait_for("editMessageText", lambda r: _is_status(r, 5))

        await api.send_text(GROUP, MEMBERS[1], "/guess close")
        [refusal] = await api.wait_for("sendMessage", lambda r: "Only the game's starter" in r.text)
        await api.send_text(GROUP, STARTER, "/guess close")
        [chart] = await api.wait_for("sendPhoto", lambda r: r.chat_id == GROUP)
        [reveal] = await api.wait_for("sendMessage", lambda r: "is over" in r.text)
        late = await api.press(MEMBERS[2], item_a, human)  # too late
        await api.wait_for("answerCallbackQuery", count=10)

        await api.send_text(GROUP, STARTER, "/guess export")
        [export] = await api.wait_for("sendDocument", lambda r: r.chat_id == GROUP)
        await api.send_text(GROUP, STARTER, "/guess results scope:all")
        await api.wait_for("sendPhoto", lambda r: r.chat_id == GROUP, count=2)
        [results] = await api.wait_for("sendMessage", lambda r: "All games in this chat" in r.text)
        await api.send_text(GROUP, STARTER, "/guess leaderboard min:1")
        [board] = await api.wait_for("sendMessage", lambda r: "Leaderboard" in r.text)

    assert chart.files["photo"].data.startswith(b"\x89PNG")
    assert reveal.fields["parse_mode"] == "HTML" and reveal.text.startswith("<pre>")
    assert "Judgements" in reveal.text and "Detection accuracy" in reveal.text
    assert "A: " in reveal.text and "B: " in reveal.text
    # Voters are named as Telegram shows them (full name), not by id.
    assert "closed by user1)" in reveal.text and "\nuser12: " in reveal.text
    assert "telegram:" not in reveal.text
    [late_answer] = [
        r for r in api.calls("answerCallbackQuery") if r.fields["callback_query_id"] == late
    ]
    assert "is over" in late_answer.text and late_answer.fields["show_alert"]
    game = await services.games.latest_game(Chat("telegram", str(GROUP)))
    votes = await store.votes.of_game(game.id)
    assert sorted(v.voter for v in votes) == [f"telegram:{m}" for m in MEMBERS]
    by_voter = {v.voter: v for v in votes}
    assert by_voter["telegram:11"].guess == "human"
    assert (by_voter["telegram:12"].confidence, by_voter["telegram:12"].quality) == (4, 3)
    # The study export is one zip; its votes.csv has one row per judgement.
    with zipfile.ZipFile(io.BytesIO(export.files["document"].data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("votes.csv").decode())))
    assert len(rows) == 5 and {r["item"] for r in rows} == {"A"}
    assert refusal.chat_id == GROUP
    assert "Judgements" in results.text and "Detection accuracy" in results.text
    assert all(f"user{m} " in board.text for m in MEMBERS)
    # Pseudonyms (one per voter), no ids and no names: the starter is not an admin.
    assert len({r["participant"] for r in rows}) == len(MEMBERS)
    assert {r["participant_name"] for r in rows} == {""}
    assert all(r["participant"].startswith("p-") for r in rows)


async def test_game_survives_restarts_and_closes_on_time(api, pool, tmp_path):
    chat = -100701
    database = tmp_path / "restarts.db"
    # First run: the game opens and two members vote.
    async with running_services(pool, database) as first, running_bot(api, first):
        items = await _start_game(api, chat)
        item_b = api.sent_message(items[1])
        await api.press(21, item_b, _button(items[1], "AI"))
        await api.wait_for("answerCallbackQuery", count=1)

    # Second run, as a new process would: services opened anew on the same database
    # (timers re-armed); the buttons of the old messages still work.
    async with running_services(pool, database) as second, running_bot(api, second):
        await api.press(22, item_b, _button(items[1], "Human"))
        await api.wait_for("answerCallbackQuery", count=2)
        await api.wait_for(
            "sendMessage", lambda r: r.chat_id == chat and "2 members have voted" in r.text
        )

    # Third run after the closing time: the timer closes the game and the reveal is posted.
    async with running_services(
        pool, database, clock=lambda: utc_now() + timedelta(minutes=10)
    ) as later:
        async with running_bot(api, later):
            [reveal] = await api.wait_for(
                "sendMessage", lambda r: r.chat_id == chat and "is over (time's up)" in r.text
            )
        game = await later.games.latest_game(Chat("telegram", str(chat)))
        votes = await later.games.store.votes.of_game(game.id)
    assert "Judgements" in reveal.text and "A: " in reveal.text and "B: " in reveal.text
    assert game.closed_by == "timer" and len(votes) == 2
