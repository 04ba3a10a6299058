"""Refusals of the real Bot API, as the fake gives them: the bot goes on and stays quiet."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.errors import StartupError
from bot.frontends.telegram import serve
from bot.frontends.telegram.limits import MAX_MESSAGE_CHARS, fit_lines, split_message
from bot.services.games.service import Chat, utc_now
from bot.services.games.timers import REVEAL_ATTEMPTS
from tests.bot.frontends.telegram.conftest import running_bot, running_services

pytestmark = pytest.mark.asyncio(loop_scope="module")

GROUP = -100900
STARTER = 1
VOTER = 21
POSTING = ("sendMessage", "sendPhoto", "sendAudio", "sendDocument")


def _button(request, label: str) -> str:
    return next(b["callback_data"] for b in request.buttons if b["text"] == label)


async def test_a_late_vote_is_stored_and_nothing_is_posted_in_the_group(api, services, store):
    async with running_bot(api, services):
        await api.send_text(GROUP, STARTER, "/guess start items:2 minutes:5")
        await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP and "0 members" in r.text)
        item = api.calls("sendAudio", GROUP)[0]
        posted_before = len(api.calls("sendMessage", GROUP))
        await api.press(VOTER, api.sent_message(item), _button(item, "AI"), late=True)
        [refused] = await api.wait_for("answerCallbackQuery")
        await api.wait_for("editMessageText", lambda r: "1 member has voted" in r.text)
    assert "query is too old" in refused.answer.description
    assert len(api.calls("sendMessage", GROUP)) == posted_before  # no public apology
    game = await services.games.latest_game(Chat("telegram", str(GROUP)))
    [vote] = await store.votes.of_game(game.id)
    assert (vote.voter, vote.guess) == (f"telegram:{VOTER}", "ai")


async def test_a_late_new_press_still_composes(api, services):
    async with running_bot(api, services):
        await api.send_text(GROUP, STARTER, "/melody key:D")
        [photo] = await api.wait_for("sendPhoto", lambda r: r.chat_id == GROUP)
        new = photo.buttons[0]["callback_data"]
        await api.press(STARTER, api.sent_message(photo), new, late=True)
        await api.wait_for("sendAudio", lambda r: r.chat_id == GROUP, count=2)
    assert not [r for r in api.calls("sendMessage", GROUP) if "went wrong" in r.text]


async def test_a_game_is_posted_though_its_command_was_deleted(api, services):
    async with running_bot(api, services):
        command = await api.send_text(GROUP, STARTER, "/guess start items:2 minutes:5")
        api.delete_by_member(command)
        await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP and "0 members" in r.text)
    assert len(api.calls("sendAudio", GROUP)) == 2
    intro = next(r for r in api.calls("sendMessage", GROUP) if "AI or human?" in r.text)
    assert intro.fields["reply_parameters"]["allow_sending_without_reply"] is True


async def test_telegram_unreachable_at_start_is_one_line(services):
    with pytest.raises(StartupError) as caught:
        await asyncio.wait_for(
            serve(
                services,
                asyncio.Event(),
                base_url="http://127.0.0.1:9/bot",
                base_file_url="http://127.0.0.1:9/file/bot",
            ),
            60,
        )
    message = str(caught.value)
    assert message.startswith("Telegram could not be reached (") and "\n" not in message


async def test_long_lists_fit_one_message_with_and_n_more():
    lines = [f"#{n}: a pending submission with a long title" for n in range(500)]
    fitted = fit_lines("\n".join(lines))
    assert len(fitted) <= MAX_MESSAGE_CHARS
    kept = fitted.count("\n")
    assert fitted.endswith(f"… and {500 - kept} more")
    assert all(len(part) <= MAX_MESSAGE_CHARS for part in split_message("\n".join(lines)))


async def test_a_game_telegram_refuses_to_post_is_cancelled_and_the_chat_is_free(
    api, services, store
):
    chat = Chat("telegram", str(GROUP))
    async with running_bot(api, services):
        api.fail_next("sendAudio", 400, "Bad Request: wrong file identifier/HTTP URL specified")
        await api.send_text(GROUP, STARTER, "/guess start items:2 minutes:5")
        [told] = await api.wait_for("sendMessage", lambda r: "cancelled" in r.text)
        cancelled = await services.games.latest_game(chat)
        assert await services.games.open_game(chat) is None
        await api.send_text(GROUP, STARTER, "/guess start items:2 minutes:5")
        await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP and "0 members" in r.text)
    assert told.text.count("\n") == 0 and f"game {cancelled.id}" in told.text
    assert await store.votes.of_game(cancelled.id) == []
    assert (await services.games.open_game(chat)).id != cancelled.id


async def test_a_reveal_refused_by_a_kicked_bot_is_retried_then_given_up(api, pool, tmp_path):
    database, chat = tmp_path / "kicked.db", -100901
    async with running_services(pool, database) as first, running_bot(api, first):
        await api.send_text(chat, STARTER, "/guess start items:2 minutes:5")
        await api.wait_for("sendMessage", lambda r: r.chat_id == chat and "0 members" in r.text)
    api.kicked.add(chat)
    before = len(api.requests)
    later = utc_now() + timedelta(minutes=10)
    async with running_services(pool, database, clock=lambda: later) as second:
        second.games.timers.retry_seconds = 0.01
        async with running_bot(api, second):
            async with asyncio.timeout(30):
                while await second.games.store.games.unannounced("telegram"):  # noqa: ASYNC110 - no event
                    await asyncio.sleep(0.05)
    tries = [r for r in api.requests[before:] if r.chat_id == chat and r.method in POSTING]
    # A restart does not try the reveal again.
    async with (
        running_services(pool, database, clock=lambda: later) as third,
        running_bot(api, third),
    ):
        await asyncio.sleep(0.5)  # time for a (wrong) retry of the reveal to show
    after_restart = [r for r in api.requests[before:] if r.chat_id == chat and r.method in POSTING]
    # Each attempt: the chart (its failure tolerated), then the table that carries the reveal.
    assert len([r for r in tries if r.method == "sendMessage"]) == REVEAL_ATTEMPTS
    assert all(r.answer.code == 403 for r in tries)
    assert after_restart == tries
