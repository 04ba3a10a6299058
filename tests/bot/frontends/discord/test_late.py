"""Answers after the interaction token expired, and vote-count edits the channel refuses.

Discord keeps an interaction's token 15 minutes; a follow-up after that fails with 401 /
50027. The fake refuses the next follow-up that way (`refuse_next`), as if the queue had
taken that long. The bot's own permissions come with every interaction (`app_permissions`).
"""

from __future__ import annotations

import pytest

from bot.services.games.service import Chat
from tests.bot.frontends.discord.conftest import running_bot
from tests.fakes.discord_api import CHANNEL_ID, EPHEMERAL_FLAG, FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = Chat("discord", str(CHANNEL_ID))
VIEW_CHANNEL = 1 << 10


def expire_next_followup(fake: FakeDiscord) -> None:
    """The next follow-up fails as Discord's does once the token is 15 minutes old."""
    fake.refuse_next("POST", "webhooks", 401, 50027, "Invalid Webhook Token")


def buttons(message: dict) -> dict[str, str]:
    """Label -> custom_id of every button on a message."""
    return {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}


async def test_a_game_ready_after_the_token_expired_is_posted_to_the_channel(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    host, voter = fake.member(700, "host"), fake.member(701, "voter")
    async with running_bot(fake, services):
        expire_next_followup(fake)
        await fake.slash("guess", {"items": 2}, subcommand="start", member=host)
        [late] = await fake.wait_for(lambda: fake.channel_posts(), timeout=180)
        posted = fake.message_of(late)
        vote = await fake.click(posted, buttons(posted)["A · AI"], voter)
        receipt = await fake.wait_for_followup(vote)
        game = await services.games.open_game(CHAT)
        remembered = await services.games.message_of(game.id)
    assert posted["content"].startswith("<@700>, this took longer than Discord waits")
    assert posted["embeds"][0]["title"] == f"Game {game.id}: AI or human?"
    assert sorted(a["filename"] for a in posted["attachments"]) == ["A.mp3", "B.mp3"]
    # The game is playable there: its buttons vote, and the reveal will find the message.
    assert remembered == f"{CHANNEL_ID}:{posted['id']}"
    assert "counted" in receipt.json["content"]


async def test_a_private_answer_after_the_token_expired_is_not_made_public(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    async with running_bot(fake, services):
        expire_next_followup(fake)
        await fake.slash("guess", subcommand="forget-me", member=fake.member(702, "someone"))
        [late] = await fake.wait_for(lambda: fake.channel_posts())
    note = fake.message_of(late)
    assert note["content"] == (
        "<@702>, the queue was too long: your private answer came after Discord stopped "
        "waiting for it (15 minutes), so it cannot be shown to you. Please try again."
    )
    assert "Deleted" not in note["content"] and not note["attachments"]


async def test_a_vote_checks_the_permissions_its_own_press_carries_before_editing(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    host = fake.member(710, "host")
    first, second = fake.member(711, "first"), fake.member(712, "second")
    async with running_bot(fake, services):
        sent = await fake.slash("guess", {"items": 2}, subcommand="start", member=host)
        game_message = fake.message_of(await fake.wait_for_followup(sent, timeout=180))
        fake.app_permissions &= ~VIEW_CHANNEL  # taken away after the game started
        refused = await fake.wait_for_followup(
            await fake.click(game_message, buttons(game_message)["A · AI"], first)
        )
        edits_without_access = [r for r in fake.requests if r.method == "PATCH"]
        fake.app_permissions |= VIEW_CHANNEL
        await fake.wait_for_followup(
            await fake.click(game_message, buttons(game_message)["B · Human"], second)
        )
        await fake.wait_for(lambda: game_message["embeds"][0]["fields"][0]["value"] == "2")
        game = await services.games.open_game(CHAT)
        stored = await services.games.vote_of(game.id, "A", "discord:711")
    assert refused.json["flags"] & EPHEMERAL_FLAG
    assert refused.json["content"].startswith("Your vote")
    assert "I am missing View Channel here" in refused.json["content"]
    assert edits_without_access == []  # no edit tried that Discord would refuse
    assert stored is not None and stored.guess == "ai"  # the vote itself counts


async def test_an_error_after_the_token_expired_is_told_in_the_channel(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    async with running_bot(fake, services):
        expire_next_followup(fake)
        await fake.slash("guess", subcommand="close", member=fake.member(720, "closer"))
        [late] = await fake.wait_for(lambda: fake.channel_posts())
    told = fake.message_of(late)["content"]
    assert told.startswith("<@720>, this took longer than Discord waits")
    assert told.endswith("No game is open in this chat. Start one with /guess start.")
