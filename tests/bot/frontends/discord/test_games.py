"""Games end to end: buttons and selects over the real client, votes in a real SQLite file."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest

from bot.errors import APOLOGY
from bot.services.games.service import Chat, utc_now
from engine.compose.composer import compose
from engine.human.submission import MAX_BYTES
from engine.midi import to_midi_bytes
from engine.params.melody import resolve
from tests.bot.frontends.discord.conftest import running_bot, running_services
from tests.fakes.discord_api import (
    CHANNEL_ID,
    DEFERRED_UPDATE,
    EPHEMERAL_FLAG,
    FakeDiscord,
    RecordedRequest,
    SentInteraction,
)
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _buttons(message: dict) -> dict[str, str]:
    """Label -> custom_id of every component on a message."""
    return {
        c.get("label") or c.get("placeholder"): c["custom_id"]
        for row in message["components"]
        for c in row["components"]
    }


async def _start(fake: FakeDiscord, starter: dict, **options) -> tuple[RecordedRequest, dict]:
    sent = await fake.slash("guess", options, subcommand="start", member=starter)
    posted = await fake.wait_for_followup(sent, timeout=180)
    return posted, fake.message_of(posted)


async def _answer(fake: FakeDiscord, sent: SentInteraction) -> RecordedRequest:
    return await fake.wait_for_followup(sent)


async def test_full_game_five_voters_one_twice_then_close_and_reveal(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    host = fake.member(100, "host")
    voters = [fake.member(200 + i, f"voter{i}") for i in range(5)]
    async with running_bot(fake, services):
        posted, game = await _start(fake, host, items=2, minutes=30)
        assert sorted(f.filename for f in posted.files) == ["A.mp3", "B.mp3"]
        buttons = _buttons(game)
        assert set(buttons) == {"A · AI", "A · Human", "B · AI", "B · Human"}

        receipts = []
        for voter in voters:
            receipts.append(await _answer(fake, await fake.click(game, buttons["A · AI"], voter)))
        changed = await _answer(fake, await fake.click(game, buttons["A · Human"], voters[0]))
        assert all(r.json["flags"] & EPHEMERAL_FLAG for r in [*receipts, changed])
        assert "counted" in receipts[1].json["content"]
        assert "replaced" in changed.json["content"]
        # voter 0 rates on the receipt of their first (AI) vote: the vote stays Human.
        stale = fake.message_of(receipts[0])
        select = await fake.select(stale, _buttons(stale)["Quality (1–5)"], ["5"], voters[0])
        await fake.wait_for(lambda: select.edits)
        assert fake.message_of(receipts[0])["content"] == "Saved: A is human, quality 5."

        # voter 1 rates their vote through the selects on their private receipt
        receipt = fake.message_of(receipts[1])
        select = await fake.select(receipt, _buttons(receipt)["Confidence (1–5)"], ["4"], voters[1])
        assert (await fake.wait_for_callback(select))["type"] == DEFERRED_UPDATE
        await fake.wait_for(lambda: select.edits)
        assert "confidence 4" in fake.message_of(receipts[1])["content"]
        receipt = fake.message_of(receipts[1])  # its selects now carry confidence 4
        select = await fake.select(receipt, _buttons(receipt)["Quality (1–5)"], ["2"], voters[1])
        await fake.wait_for(lambda: select.edits)
        assert fake.message_of(receipts[1])["content"] == "Saved: A is AI, confidence 4, quality 2."

        # The game message now counts five voters and, apart from that, says what it said.
        before, after = posted.json["embeds"][0], game["embeds"][0]
        assert [(f["name"], f["value"]) for f in after["fields"]] == [("Voters so far", "5")]
        assert {**after, "fields": []} == {**before, "fields": []}

        refused = await fake.slash("guess", subcommand="close", member=voters[2])
        refusal = await _answer(fake, refused)
        assert refusal.json["flags"] & EPHEMERAL_FLAG and "starter" in refusal.json["content"]

        closed = await fake.slash("guess", subcommand="close", member=host)
        reveal = await _answer(fake, closed)
        await fake.wait_for(lambda: game["components"] == [], timeout=10)  # buttons removed
        export = await _answer(fake, await fake.slash("guess", subcommand="export", member=host))

    embed = reveal.json["embeds"][0]
    assert "is over" in embed["title"] and "Detection accuracy" in embed["description"]
    assert [f.filename for f in reveal.files] == ["chart.png"]
    # Members are named as Discord shows them (display_name), not by id or mention.
    assert "closed by host" in embed["description"]
    assert "voter0: " in embed["description"] and "<@200>" not in embed["description"]

    game_id = int(game["embeds"][0]["title"].split()[1].rstrip(":"))
    votes = await services.games.store.votes.of_game(game_id)
    assert sorted((v.voter, v.letter, v.guess) for v in votes) == [
        ("discord:200", "A", "human"),
        *(((f"discord:{200 + i}", "A", "ai")) for i in range(1, 5)),
    ]
    rated_vote = next(v for v in votes if v.voter == "discord:201")
    assert (rated_vote.confidence, rated_vote.quality) == (4, 2)
    changed_vote = next(v for v in votes if v.voter == "discord:200")
    assert (changed_vote.guess, changed_vote.quality) == ("human", 5)

    # The study export is one zip; its votes.csv has one row per judgement.
    with zipfile.ZipFile(io.BytesIO(export.files[0].data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("votes.csv").decode())))
    assert len(rows) == 5 and export.json["flags"] & EPHEMERAL_FLAG
    # Pseudonyms (one per voter), no ids and no names: the starter is not an admin.
    assert len({r["participant"] for r in rows}) == 5
    assert {r["participant_name"] for r in rows} == {""}
    assert all(r["participant"].startswith("p-") for r in rows)


async def test_restart_mid_game_keeps_votes_and_closes_on_time(
    discord_api: FakeDiscord, pool, tmp_path
) -> None:
    fake = discord_api
    database = tmp_path / "games.db"
    host, early, late = fake.member(1, "host"), fake.member(2, "early"), fake.member(3, "late")
    async with running_services(pool, database) as services, running_bot(fake, services):
        _, game = await _start(fake, host, items=2, minutes=1)
        await _answer(fake, await fake.click(game, _buttons(game)["B · AI"], early))

    # After a restart votes still count.
    async with running_services(pool, database) as services, running_bot(fake, services):
        receipt = await _answer(fake, await fake.click(game, _buttons(game)["A · Human"], late))
        assert "counted" in receipt.json["content"]

    # After another the service's clock reads 55 s later, so the game has 5 s left. Nobody
    # touches the game message: the bot takes its buttons off from what the database holds.
    def later():
        return utc_now() + timedelta(seconds=55)

    async with (
        running_services(pool, database, clock=later) as services,
        running_bot(fake, services),
    ):
        reveal = await fake.wait_for(lambda: fake.channel_posts(), timeout=60)
        await fake.wait_for(lambda: game["components"] == [], timeout=10)  # buttons removed
        game_id = int(game["embeds"][0]["title"].split()[1].rstrip(":"))
        votes = await services.games.store.votes.of_game(game_id)
    assert "time's up" in reveal[0].json["embeds"][0]["description"]
    assert [f.filename for f in reveal[0].files] == ["chart.png"]
    assert sorted((v.voter, v.letter) for v in votes) == [("discord:2", "B"), ("discord:3", "A")]


async def test_buttons_of_a_closed_game_say_so(discord_api: FakeDiscord, services) -> None:
    fake = discord_api
    host = fake.member(1, "host")
    async with running_bot(fake, services):
        _, game = await _start(fake, host, items=2, minutes=5)
        await _answer(fake, await fake.slash("guess", subcommand="close", member=host))
        late = await _answer(
            fake, await fake.click(game, _buttons(game)["A · AI"], fake.member(9, "late"))
        )
    assert late.json["flags"] & EPHEMERAL_FLAG
    assert "closed" in late.json["content"] and "/guess start" in late.json["content"]


async def test_submit_approve_results_leaderboard_and_forget_me(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    writer, admin = fake.member(50, "writer"), fake.member(51, "admin", manage_guild=True)
    tune = quarter_note_file("A", [69, 71, 73, 74, 76, 74, 73, 71] * 4)
    ours = to_midi_bytes(compose(resolve({"key": "G", "bars": "8", "seed": "3"})))
    async with running_bot(fake, services):
        our_own = await _answer(
            fake,
            await fake.slash(
                "guess",
                {"authorship": "own"},
                subcommand="submit",
                member=writer,
                attachments={"file": fake.add_upload("ours.mid", ours)},
            ),
        )
        submitted = await _answer(
            fake,
            await fake.slash(
                "guess",
                {"authorship": "own"},
                subcommand="submit",
                member=writer,
                attachments={"file": fake.add_upload("my_tune.mid", tune)},
            ),
        )
        garbage = await _answer(
            fake,
            await fake.slash(
                "guess",
                {"authorship": "own"},
                subcommand="submit",
                member=writer,
                attachments={"file": fake.add_upload("noise.mid", b"not a midi file")},
            ),
        )
        oversized = await fake.wait_for_callback(
            await fake.slash(
                "guess",
                {"authorship": "own"},
                subcommand="submit",
                member=writer,
                attachments={"file": fake.add_upload("huge.mid", bytes(MAX_BYTES + 1))},
            )
        )
        number = int(submitted.json["content"].split()[1])
        waiting = await _answer(fake, await fake.slash("guess", subcommand="approve", member=admin))
        offered = await fake.wait_for_callback(
            await fake.autocomplete("guess", "submission", "my", admin, subcommand="approve")
        )
        export_refused = await _answer(
            fake, await fake.slash("guess", {"scope": "all"}, subcommand="export", member=writer)
        )
        refused = await _answer(
            fake,
            await fake.slash("guess", {"submission": number}, subcommand="approve", member=writer),
        )
        approved = await _answer(
            fake,
            await fake.slash("guess", {"submission": number}, subcommand="approve", member=admin),
        )
        results = await _answer(
            fake, await fake.slash("guess", {"scope": "all"}, subcommand="results", member=writer)
        )
        board = await _answer(fake, await fake.slash("guess", subcommand="leaderboard"))
        forgotten = await _answer(
            fake, await fake.slash("guess", subcommand="forget-me", member=writer)
        )
    assert "my_tune" in submitted.json["content"] and "/guess approve" in submitted.json["content"]
    assert garbage.json["flags"] & EPHEMERAL_FLAG and "\n" not in garbage.json["content"]
    # Refused by the size Discord states, in the words of the one size rule.
    assert oversized["data"]["content"] == (
        f"The file is {MAX_BYTES // 1024 + 1} KB; a submission may be at most "
        f"{MAX_BYTES // 1024} KB."
    )
    assert oversized["data"]["flags"] & EPHEMERAL_FLAG
    # A bare approve lists what waits, with the number approve needs; so does autocomplete.
    assert waiting.json["content"] == (
        f'Submissions waiting for approval:\n  #{number} "my_tune" by writer\n'
        f"Approve one with /guess approve submission:{number}"
    )
    assert waiting.json["flags"] & EPHEMERAL_FLAG
    assert offered["data"]["choices"] == [
        {"name": f'#{number} "my_tune" by writer', "value": number}
    ]
    assert "written by this bot" in our_own.json["content"]
    assert export_refused.json["content"] == (
        "Only an admin can export the votes of every game here; the starter of the "
        "latest game can export that game (scope:game)."
    )
    assert not export_refused.files and export_refused.json["flags"] & EPHEMERAL_FLAG
    assert "admin" in refused.json["content"] and refused.json["flags"] & EPHEMERAL_FLAG
    assert f"Submission {number} by writer is approved" in approved.json["content"]
    assert "Judgements" in results.json["embeds"][0]["description"]
    assert [f.filename for f in results.files] == ["chart.png"]
    assert board.json["embeds"][0]["title"] == "Leaderboard"
    assert forgotten.json["content"] == (
        "Deleted 0 votes, 1 submission and the name shown for you."
    )


async def test_an_unexpected_error_is_logged_answered_with_an_apology_and_the_bot_goes_on(
    discord_api: FakeDiscord, services, caplog: pytest.LogCaptureFixture
) -> None:
    fake = discord_api
    host = fake.member(1, "host")
    async with running_bot(fake, services):
        _, game = await _start(fake, host, items=2, minutes=5)
        receipt = fake.message_of(
            await _answer(fake, await fake.click(game, _buttons(game)["A · AI"], host))
        )
        # Discord only ever sends one of the offered values; a forged "x" is a bug path.
        forged = await fake.select(receipt, _buttons(receipt)["Quality (1–5)"], ["x"], host)
        apology = await fake.wait_for_callback(forged)
        still_there = await fake.wait_for_callback(await fake.slash("help"))
    assert apology["data"]["content"] == APOLOGY and apology["data"]["flags"] & EPHEMERAL_FLAG
    assert any(r.exc_info and isinstance(r.exc_info[1], ValueError) for r in caplog.records)
    assert still_there["data"]["embeds"]


async def test_game_starts_and_submissions_count_against_the_cooldown_as_on_telegram(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    hasty = fake.member(60, "hasty")
    async with running_bot(fake, services):
        answers = []
        for _ in range(services.melody.cooldown.uses):
            answers.append(
                await _answer(
                    fake,
                    await fake.slash(
                        "guess",
                        {"authorship": "own"},
                        subcommand="submit",
                        member=hasty,
                        attachments={"file": fake.add_upload("noise.mid", b"not a midi file")},
                    ),
                )
            )
        submit_refused = await _answer(
            fake,
            await fake.slash(
                "guess",
                {"authorship": "own"},
                subcommand="submit",
                member=hasty,
                attachments={"file": fake.add_upload("noise.mid", b"not a midi file")},
            ),
        )
        start_refused = await _answer(
            fake, await fake.slash("guess", subcommand="start", member=hasty)
        )
    assert all(a.json["content"].startswith("That is not a MIDI file.") for a in answers)
    # The cooldown is the games service's: the member hears it privately after the ack.
    for refused in (submit_refused, start_refused):
        assert refused.json["content"].startswith("You're going too fast. Try again in")
        assert refused.json["flags"] & EPHEMERAL_FLAG
    assert await services.games.open_game(Chat("discord", str(CHANNEL_ID))) is None


async def test_a_game_too_big_for_the_upload_limit_is_closed_at_once_not_left_open(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    host = fake.member(70, "host")
    fake.attachment_size_limit = 1024  # 1 KiB: no melody's MP3 fits
    async with running_bot(fake, services):
        refused = await fake.wait_for_followup(
            await fake.slash("guess", {"items": 2}, subcommand="start", member=host), timeout=180
        )
    chat = Chat("discord", str(CHANNEL_ID))
    assert refused.json["content"] == (
        "A.mp3, B.mp3 would exceed this server's upload limit of 1 KiB, so the game was "
        "closed unplayed. Try again (each game has other melodies) or raise the limit."
    )
    assert refused.json["flags"] & EPHEMERAL_FLAG and not refused.files
    assert await services.games.open_game(chat) is None  # the channel is free for a new game
    game = await services.games.latest_game(chat)
    assert (game.status, game.closed_by) == ("closed", "discord:70")


async def test_a_game_discord_refuses_to_post_is_cancelled_and_the_member_told(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    host = fake.member(71, "host")
    chat = Chat("discord", str(CHANNEL_ID))
    async with running_bot(fake, services):
        fake.refuse_next("POST", "webhooks", 413, 40005, "Request entity too large")
        sent = await fake.slash("guess", {"items": 2}, subcommand="start", member=host)
        told = await fake.wait_for_followup(sent, count=2, timeout=180)
        game = await services.games.latest_game(chat)
        assert await services.games.open_game(chat) is None  # the channel is free
        again, _ = await _start(fake, host, items=2)
    assert told.json["flags"] & EPHEMERAL_FLAG
    assert told.json["content"].startswith(f"Discord refused to post game {game.id} (413")
    assert "cancelled with no votes" in told.json["content"]
    assert "\n" not in told.json["content"]
    assert (game.status, game.closed_by) == ("closed", "system:unposted")
    assert again.json["embeds"]


async def test_a_game_is_not_started_where_the_bot_cannot_post_its_reveal(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    fake.app_permissions &= ~(1 << 11)  # Send Messages taken away by a channel override
    async with running_bot(fake, services):
        refused = await _answer(
            fake,
            await fake.slash(
                "guess", {"items": 2}, subcommand="start", member=fake.member(72, "host")
            ),
        )
    assert refused.json["flags"] & EPHEMERAL_FLAG
    assert "missing Send Messages" in refused.json["content"]
    assert "View Channel" not in refused.json["content"]
    assert await services.games.latest_game(Chat("discord", str(CHANNEL_ID))) is None
