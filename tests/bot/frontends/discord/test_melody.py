"""/melody end to end: the real bot, the real pool (FluidSynth, ffmpeg), the loopback Discord."""

from __future__ import annotations

import io

import mido
import pytest

from bot.runtime.pool import WorkerPool
from engine.theory.meters import METERS
from tests.bot.frontends.discord.conftest import running_bot, running_services
from tests.fakes.discord_api import (
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL_FLAG,
    FakeDiscord,
    RecordedRequest,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _file(followup: RecordedRequest, suffix: str) -> bytes:
    return next(f.data for f in followup.files if f.filename.endswith(suffix))


def _fields(followup: RecordedRequest) -> dict[str, str]:
    return {f["name"]: f["value"] for f in followup.json["embeds"][0]["fields"]}


async def test_melody_is_deferred_then_posted_with_audio_midi_and_picture(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("melody", {"key": "D", "scale": "minor", "mood": "dramatic"})
        followup = await discord_api.wait_for_followup(sent)
    # The acknowledgement is the interaction's first request, before any work is posted.
    assert sent.requests[0] is sent.callback
    assert sent.callback.json["type"] == DEFERRED_CHANNEL_MESSAGE
    suffixes = sorted(f.filename.rsplit(".", 1)[1] for f in followup.files)
    assert suffixes == ["abc", "mid", "mp3", "musicxml", "png"]
    assert _file(followup, ".mp3")[:3] == b"ID3" or _file(followup, ".mp3")[0] == 0xFF
    assert _file(followup, ".score.png").startswith(b"\x89PNG")  # the score is the picture
    assert followup.json["embeds"][0]["image"]["url"].endswith(".score.png")
    assert _file(followup, ".abc").startswith(b"X:1") and b"K:Dm" in _file(followup, ".abc")
    assert b"<score-partwise" in _file(followup, ".musicxml")

    fields = _fields(followup)
    seed = int(fields["seed"])
    assert f"seed{seed}" in followup.files[0].filename
    assert str(seed) in followup.json["embeds"][0]["description"]
    assert (fields["key"], fields["scale"], fields["mood"]) == ("D", "minor", "dramatic")

    midi = mido.MidiFile(file=io.BytesIO(_file(followup, ".mid")))
    meta = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert meta["key_signature"].key == "Dm"
    # The dramatic preset's tempo, and the default length: checked in the file itself.
    assert round(mido.tempo2bpm(meta["set_tempo"].tempo)) == 132
    assert fields["tempo"].split()[0] == "132"
    bar_ticks = METERS["4/4"].bar_beats * midi.ticks_per_beat
    assert (meta["time_signature"].numerator, meta["time_signature"].denominator) == (4, 4)
    assert sum(m.time for m in midi.tracks[0]) == 8 * bar_ticks
    assert fields["bars"].split()[0] == "8"

    buttons = [c for row in followup.json["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["New", "Variation"]


async def test_new_and_variation_buttons_work_after_a_restart(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("melody", {"key": "A", "bars": 2, "seed": 1234})
        original = await discord_api.wait_for_followup(sent)
    message = discord_api.message_of(original)
    buttons = {
        c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]
    }

    async with running_bot(discord_api, services):  # a new client: nothing in memory
        variation = await discord_api.click(message, buttons["Variation"])
        new = await discord_api.click(message, buttons["New"])
        varied = await discord_api.wait_for_followup(variation)
        fresh = await discord_api.wait_for_followup(new)
    assert discord_api.identify_count == 2
    assert _fields(varied)["seed"] == "1234" and _fields(varied)["key"] == "A"
    assert "variation 1" in varied.json["embeds"][0]["title"]
    assert _file(varied, ".mid") != _file(original, ".mid")
    assert _fields(fresh)["seed"] != "1234" and _fields(fresh)["bars"] == "2 bars"
    next_ids = [c["custom_id"] for row in varied.json["components"] for c in row["components"]]
    assert any(i.startswith("mvar:2:") for i in next_ids)


async def test_attachments_over_the_servers_limit_are_left_out_and_named(
    services, monkeypatch
) -> None:
    async with FakeDiscord(attachment_size_limit=20_000) as fake:
        fake.point_discord_py_here(monkeypatch)
        async with running_bot(fake, services):
            sent = await fake.slash("melody", {"bars": 8, "seed": 5})
            followup = await fake.wait_for_followup(sent)
    names = [f.filename for f in followup.files]
    assert all(len(f.data) <= 20_000 for f in followup.files)
    assert any(n.endswith(".mid") for n in names)
    assert not any(n.endswith(".mp3") for n in names)
    assert ".mp3" in followup.json["content"] and "upload limit" in followup.json["content"]


async def test_cooldown_answers_with_the_wait(discord_api: FakeDiscord, services) -> None:
    member = discord_api.member(77, "speedy")
    async with running_bot(discord_api, services):
        sents, answered = [], []
        for seed in range(services.melody.cooldown.uses + 1):
            sent = await discord_api.slash("melody", {"bars": 1, "seed": seed}, member=member)
            sents.append(sent)
            answered.append(await discord_api.wait_for_callback(sent))
        followups = [await discord_api.wait_for_followup(sent) for sent in sents]
    # Every /melody is acknowledged at once; the melody service's cooldown then answers the
    # last one privately, in place of the public "thinking…".
    assert all(a["type"] == DEFERRED_CHANNEL_MESSAGE for a in answered)
    refused = followups[-1].json
    assert refused["flags"] & EPHEMERAL_FLAG
    assert "Try again in" in refused["content"]
    assert all(f.json.get("attachments") or f.json.get("embeds") for f in followups[:-1])


async def test_a_full_queue_is_acknowledged_shows_positions_and_answers_privately(
    discord_api: FakeDiscord, tmp_path
) -> None:
    fake = discord_api
    async with (
        WorkerPool(1, None, job_timeout=60, queue_size=1, cache_entries=0) as small_pool,
        running_services(small_pool, tmp_path / "busy.db") as services,
        running_bot(fake, services),
    ):
        sent = [
            await fake.slash(
                "melody", {"bars": 16, "seed": i}, member=fake.member(300 + i, f"member{i}")
            )
            for i in range(3)
        ]
        refusal = await fake.wait_for_followup(sent[2])
        for waiting in sent[:2]:
            await fake.wait_for_followup(waiting)
    assert all(s.callback.json["type"] == DEFERRED_CHANNEL_MESSAGE for s in sent)
    assert refusal.json["flags"] & EPHEMERAL_FLAG and "busy" in refusal.json["content"]
    assert any(r.method == "DELETE" for r in sent[2].requests)  # the public "thinking…" is gone
    assert any("position 1" in (e.json or {}).get("content", "") for e in sent[1].edits)
    assert [f.filename.rsplit(".", 1)[1] for f in sent[1].followups[0].files] == [
        "mp3",
        "mid",
        "png",
        "abc",
        "musicxml",
    ]


async def test_a_piano_roll_left_out_for_size_is_not_pointed_at(services, monkeypatch) -> None:
    async with FakeDiscord(attachment_size_limit=1_000) as fake:
        fake.point_discord_py_here(monkeypatch)
        async with running_bot(fake, services):
            sent = await fake.slash("melody", {"bars": 8, "seed": 5})
            followup = await fake.wait_for_followup(sent)
    assert not any(f.filename.endswith(".png") for f in followup.files)
    assert ".png" in followup.json["content"]
    image = followup.json["embeds"][0].get("image") or {}
    assert not str(image.get("url") or "").startswith("attachment://")


async def test_a_result_after_the_token_expired_is_posted_to_the_channel(
    discord_api: FakeDiscord, services
) -> None:
    fake = discord_api
    async with running_bot(fake, services):
        sent = await fake.slash("melody", {"bars": 16, "seed": 9})
        await fake.wait_for_callback(sent)
        fake.expired_tokens.add(sent.token)  # as if the queue had taken over 15 minutes
        [late] = await fake.wait_for(lambda: fake.channel_posts())
    message = fake.message_of(late)
    assert message["content"].startswith("<@2000>, this took longer than Discord waits")
    assert message["embeds"] and any(a["filename"].endswith(".mp3") for a in message["attachments"])


async def test_picture_pianoroll_posts_the_piano_roll_instead_of_the_score(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("melody", {"bars": 2, "seed": 3, "picture": "pianoroll"})
        followup = await discord_api.wait_for_followup(sent)
    names = [f.filename for f in followup.files]
    assert not any(n.endswith(".score.png") for n in names)
    [roll] = [n for n in names if n.endswith(".png")]
    assert followup.json["embeds"][0]["image"]["url"] == f"attachment://{roll}"


async def test_new_and_variation_keep_the_piano_roll_the_member_chose(
    discord_api: FakeDiscord, services
) -> None:
    async with running_bot(discord_api, services):
        sent = await discord_api.slash("melody", {"bars": 2, "seed": 11, "picture": "pianoroll"})
        original = await discord_api.wait_for_followup(sent)
        message = discord_api.message_of(original)
        buttons = {
            c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]
        }
        new = await discord_api.click(message, buttons["New"])
        fresh = await discord_api.wait_for_followup(new)
        fresh_message = discord_api.message_of(fresh)
        [fresh_variation] = [
            c["custom_id"]
            for row in fresh_message["components"]
            for c in row["components"]
            if c["label"] == "Variation"
        ]
        variation = await discord_api.click(fresh_message, fresh_variation)
        varied = await discord_api.wait_for_followup(variation)
    for followup in (fresh, varied):
        names = [f.filename for f in followup.files]
        assert not any(n.endswith(".score.png") for n in names)
        [roll] = [n for n in names if n.endswith(".png")]
        assert followup.json["embeds"][0]["image"]["url"] == f"attachment://{roll}"
    assert "variation 1" in varied.json["embeds"][0]["title"]
    # And the buttons under them carry the choice on.
    next_ids = [c["custom_id"] for row in varied.json["components"] for c in row["components"]]
    assert all(i.endswith(":pianoroll") for i in next_ids)
