"""Provenance: a melody the bot wrote can never be submitted as human (real pool, real SQLite)."""

from __future__ import annotations

import io
import random

import mido
import pytest
import pytest_asyncio

from bot.errors import GameError
from bot.services.actor import Actor
from bot.services.cooldown import Cooldown
from bot.services.games.service import Chat, GameService
from bot.services.melody import MelodyService
from bot.store import Store
from engine.fingerprint import fingerprint, fingerprint_of_midi
from engine.human.pool import load_human_pool
from engine.midi import carries_generator_mark, to_midi_bytes
from engine.params import resolve
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = Chat("console", "room")
STARTER = Actor("console:you", "You")
ANN = Actor("console:ann", "Ann")


@pytest_asyncio.fixture(loop_scope="module")
async def games(store, pool):
    service = GameService(store, pool, Cooldown(uses=10_000), rng=random.Random(7))
    yield service
    await service.aclose()


def _rewritten(midi: bytes, *, semitones: int = 0, tick_scale: int = 1, bpm: int | None = None):
    """The file as a member might re-export it: mark dropped, maybe transposed or re-timed."""
    source = mido.MidiFile(file=io.BytesIO(midi))
    copy = mido.MidiFile(type=source.type, ticks_per_beat=source.ticks_per_beat)
    for track in source.tracks:
        new = mido.MidiTrack()
        for message in track:
            if message.type == "sequencer_specific":
                continue
            if message.type == "set_tempo" and bpm is not None:
                message = message.copy(tempo=mido.bpm2tempo(bpm))
            if message.type in ("note_on", "note_off"):
                message = message.copy(note=message.note + semitones)
            new.append(message.copy(time=message.time * tick_scale))
        copy.tracks.append(new)
    buffer = io.BytesIO()
    copy.save(file=buffer)
    return buffer.getvalue()


async def _ai_midi(games: GameService, store: Store) -> bytes:
    started = await games.start(CHAT, STARTER, items=2)
    items = await store.games.items(started.game_id)
    [ai] = [i for i in items if i.source == "ai"]
    await games.close(CHAT, STARTER)
    melody = await store.melodies.get(ai.melody_id)
    assert melody is not None
    return melody.midi


async def test_the_bots_own_midi_is_refused_by_its_mark(games, store):
    midi = await _ai_midi(games, store)
    assert carries_generator_mark(midi)
    with pytest.raises(GameError, match="written by this bot"):
        await games.submit(CHAT, ANN, midi, "mine.mid", authorship="own")
    assert await store.submissions.pending(CHAT.platform, CHAT.id) == []


@pytest.mark.parametrize(
    ("change", "options"),
    [
        ("unmarked copy", {}),
        ("transposed copy", {"semitones": 5}),
        ("tempo-changed copy", {"tick_scale": 2, "bpm": 70}),
    ],
)
async def test_a_copy_of_a_composed_melody_is_refused_by_its_fingerprint(
    games, store, change, options
):
    copy = _rewritten(await _ai_midi(games, store), **options)
    assert not carries_generator_mark(copy), change
    with pytest.raises(GameError, match="composed by this bot"):
        await games.submit(CHAT, ANN, copy, f"{change}.mid", authorship="own")
    assert await store.submissions.pending(CHAT.platform, CHAT.id) == []


async def test_a_duplicate_upload_is_refused(games, store):
    tune = quarter_note_file("A", [69, 71, 73, 74, 76, 78, 76, 74, 73, 71, 69, 64] * 3)
    receipt = await games.submit(CHAT, ANN, tune, "reel.mid", authorship="own")
    assert receipt.submission_id > 0
    transposed = quarter_note_file(
        "C", [p - 9 for p in [69, 71, 73, 74, 76, 78, 76, 74, 73, 71, 69, 64] * 3]
    )
    with pytest.raises(GameError, match="submitted or played here already"):
        await games.submit(CHAT, ANN, transposed, "reel again.mid", authorship="own")
    assert len(await store.submissions.pending(CHAT.platform, CHAT.id)) == 1


async def test_a_bundled_human_tune_is_refused(games, store):
    tune = load_human_pool()[0]
    title = tune.provenance["title"]
    copy = _rewritten(to_midi_bytes(tune), semitones=-2)
    with pytest.raises(GameError, match=f"already in the bot's human pool \\({title}"):
        await games.submit(CHAT, ANN, copy, "old tune.mid", authorship="own")


async def test_fingerprints_ignore_transposition_and_tempo_but_not_the_tune():
    melody = load_human_pool()[3]
    midi = to_midi_bytes(melody)
    assert fingerprint_of_midi(midi) == fingerprint(melody.notes)
    assert fingerprint_of_midi(_rewritten(midi, semitones=7, tick_scale=3)) == fingerprint(
        melody.notes
    )
    assert not fingerprint(melody.notes) & fingerprint(load_human_pool()[4].notes)


async def test_a_copy_of_a_melody_posted_by_melody_is_refused(games, store, pool):
    """What /melody posts is kept with its fingerprint, so an unmarked, transposed
    re-export of it cannot enter the games as a human tune."""
    melodies = MelodyService(pool, Cooldown(uses=10_000), store)
    rendered = await melodies.compose(resolve({"key": "D", "bars": "8", "seed": "11"}), ANN)
    copy = _rewritten(rendered.midi, semitones=-3)
    assert not carries_generator_mark(copy)
    with pytest.raises(GameError, match="composed by this bot"):
        await games.submit(CHAT, ANN, copy, "my tune.mid", authorship="own")
    assert await store.submissions.pending(CHAT.platform, CHAT.id) == []
