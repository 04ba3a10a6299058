"""/melody end to end: real PTB over HTTP to the fake, real pool (FluidSynth, ffmpeg)."""

from __future__ import annotations

import io

import mido
import pytest

from bot.errors import APOLOGY
from engine.midi import TICKS_PER_BEAT
from tests.bot.frontends.telegram.conftest import running_bot, running_services

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = 601
GROUP = -100601
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _is_mp3(data: bytes) -> bool:
    return data[:3] == b"ID3" or (data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


def _midi_facts(data: bytes) -> dict:
    midi = mido.MidiFile(file=io.BytesIO(data))
    facts: dict = {"notes": 0}
    for track in midi.tracks:
        tick = 0
        for message in track:
            tick += message.time
            if message.type == "set_tempo":
                facts["bpm"] = round(mido.tempo2bpm(message.tempo))
            elif message.type == "key_signature":
                facts["key"] = message.key
            elif message.type == "time_signature":
                facts["time"] = f"{message.numerator}/{message.denominator}"
            elif message.type == "note_on" and message.velocity:
                facts["notes"] += 1
        facts["ticks"] = max(facts.get("ticks", 0), tick)
    return facts


def _is_midi_document(request) -> bool:
    return request.files["document"].filename.endswith(".mid")


async def _melody_posts(api, chat: int, count: int = 1):
    """The audio, MIDI document and (score) photo requests of the `count`-th melody posted
    in `chat`."""
    photos = await api.wait_for("sendPhoto", lambda r: r.chat_id == chat, count=count)
    audios = api.calls("sendAudio", chat)
    midis = [d for d in api.calls("sendDocument", chat) if _is_midi_document(d)]
    return audios[count - 1], midis[count - 1], photos[count - 1]


async def _files(api, chat: int, photo, count: int) -> dict[str, bytes]:
    """Press Files under a posted melody: its documents by suffix (the `count`-th two)."""
    files_button = photo.buttons[-1]
    await api.press(chat, api.sent_message(photo), files_button["callback_data"])
    documents = await api.wait_for(
        "sendDocument", lambda r: r.chat_id == chat and not _is_midi_document(r), count=2 * count
    )
    sent = [d.files["document"] for d in documents[2 * (count - 1) :]]
    return {f.filename.rsplit(".", 1)[1]: f.data for f in sent}


async def test_melody_posts_mp3_and_score_with_buttons_and_files_on_request(api, services):
    async with running_bot(api, services):
        await api.send_text(CHAT, CHAT, "/melody key:D scale:minor mood:dramatic")
        audio, midi, photo = await _melody_posts(api, CHAT)

        assert api.calls("sendChatAction", CHAT)[0].fields["action"] == "upload_voice"
        # The audio: an MP3 with title, performer, duration and the parameters as resolved.
        mp3 = audio.files["audio"]
        assert _is_mp3(mp3.data) and mp3.filename.endswith(".mp3")
        assert audio.fields["performer"] == "melodybot" and audio.fields["title"]
        expected_seconds = 8 * 4 * 60 / 132  # 8 bars of 4/4 at the dramatic preset's 132 BPM
        assert abs(int(audio.fields["duration"]) - expected_seconds) <= 3
        caption = audio.fields["caption"]
        assert "D minor, dramatic, 132 BPM, 8 bars of 4/4" in caption and "seed " in caption
        # The MIDI file (key, tempo and bars as asked) comes with the melody.
        facts = _midi_facts(midi.files["document"].data)
        assert (facts["key"], facts["bpm"], facts["time"]) == ("Dm", 132, "4/4")
        assert facts["ticks"] == 8 * 4 * TICKS_PER_BEAT and facts["notes"] > 0
        # The score is the photo, with New / Variation / Files under it.
        assert photo.files["photo"].data.startswith(PNG_MAGIC)
        assert ".score-1.png" in photo.files["photo"].filename
        new, variation, _files_button = photo.buttons
        names = [b["text"].split()[-1] for b in photo.buttons]
        assert names == ["New", "Variation", "Files"]
        assert all(len(b["callback_data"].encode()) <= 64 for b in photo.buttons)
        assert len(api.calls("sendDocument", CHAT)) == 1  # the .mid only, so far
        seed = caption.split("seed ")[1].split()[0].rstrip(",")

        # Files: the .abc and the .musicxml.
        sent = await _files(api, CHAT, photo, count=1)
        assert sorted(sent) == ["abc", "musicxml"]
        assert b"K:Dm" in sent["abc"] and f"seed {seed}".encode() in sent["abc"]
        assert b"<fifths>-1</fifths>" in sent["musicxml"]

        # Variation: the same parameters and seed, variation 1; New: another seed.
        message = api.sent_message(photo)
        await api.press(CHAT, message, variation["callback_data"])
        varied_audio, varied_midi, varied_photo = await _melody_posts(api, CHAT, count=2)
        assert "(variation 1)" in varied_audio.fields["caption"]
        assert f"seed {seed}" in varied_audio.fields["caption"]
        varied = await _files(api, CHAT, varied_photo, count=2)
        varied_facts = _midi_facts(varied_midi.files["document"].data)
        assert (varied_facts["key"], varied_facts["bpm"]) == ("Dm", 132)
        assert varied_midi.files["document"].data != midi.files["document"].data
        assert varied["abc"] != sent["abc"]

        await api.press(CHAT, message, new["callback_data"])
        new_audio, _, _ = await _melody_posts(api, CHAT, count=3)
        assert "D minor, dramatic, 132 BPM" in new_audio.fields["caption"]
        assert f"seed {seed}" not in new_audio.fields["caption"]
    # Every button press was answered.
    assert len(api.calls("answerCallbackQuery")) == 4


async def test_bad_parameters_get_one_line_naming_the_problem_and_allowed_values(api, services):
    async with running_bot(api, services):
        for text in ("/melody key:H", "/melody tempo:500", "/melody scale:dorain", "/melody key"):
            await api.send_text(CHAT, CHAT, text)
        replies = await api.wait_for("sendMessage", lambda r: r.chat_id == CHAT, count=4)
    texts = [r.text for r in replies]
    assert texts[0].startswith("key:H is not a known key. Allowed: C, C#, Db")
    assert texts[1] == "tempo:500 is out of range. Allowed: 40–240 BPM."
    assert 'Did you mean "dorian"?' in texts[2]
    assert "is not name:value" in texts[3]
    assert all("\n" not in t and "Traceback" not in t for t in texts)
    assert not api.calls("sendAudio")


async def test_group_command_with_bot_name_and_cooldown(api, pool, tmp_path):
    async with (
        running_services(
            pool, tmp_path / "cooldown.db", cooldown_uses=1, cooldown_seconds=600
        ) as services,
        running_bot(api, services),
    ):
        await api.send_text(GROUP, 7, "/melody@melody_test_bot key:E bars:2 seed:5")
        await _melody_posts(api, GROUP)
        await api.send_text(GROUP, 7, "/melody key:E bars:2")
        [reply] = await api.wait_for("sendMessage", lambda r: r.chat_id == GROUP)
    assert reply.text.startswith("You're going too fast. Try again in")
    assert len(api.calls("sendAudio", GROUP)) == 1


async def test_unexpected_failure_gets_an_apology_and_polling_goes_on(api, services):
    async with running_bot(api, services):
        api.fail_next("sendAudio")
        await api.send_text(CHAT, CHAT, "/melody bars:2 seed:9")
        [apology] = await api.wait_for("sendMessage", lambda r: r.chat_id == CHAT)
        await api.send_text(CHAT, CHAT, "/help")
        await api.wait_for("sendMessage", lambda r: r.chat_id == CHAT, count=2)
    assert apology.text == APOLOGY


async def test_a_waiting_job_shows_its_queue_position_then_the_status_goes(api, services, pool):
    chats = [611 + n for n in range(pool.workers + 1)]  # one more job than there are workers
    async with running_bot(api, services):
        for chat in chats:
            await api.send_text(chat, chat, f"/melody bars:16 seed:{chat}")
        for chat in chats:
            await _melody_posts(api, chat)
        statuses = [r for r in api.calls("sendMessage") if "in the queue" in r.text]
        await api.wait_for("deleteMessage", count=len(statuses))
    assert statuses and statuses[0].text == "Composing… you are number 1 in the queue."
    assert not [r for r in statuses if (r.chat_id, r.answer["message_id"]) in api.messages]
