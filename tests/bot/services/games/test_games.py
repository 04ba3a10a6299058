"""The games service end to end: real worker pool (FluidSynth, ffmpeg), real SQLite file."""

from __future__ import annotations

import asyncio
import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from bot.errors import GameError, NotPermitted, user_message
from bot.services.actor import Actor, Role
from bot.services.cooldown import Cooldown
from bot.services.games.export import StudyExport
from bot.services.games.models import pending_text
from bot.services.games.service import Chat, GameService
from bot.store import Store
from engine.errors import MidiRejected
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = Chat("console", "room")
STARTER = Actor("console:you", "You")
ADMIN = Actor("console:mod", "Mod", Role.ADMIN)
ANN, BOB, CAT = (Actor(f"console:{n}", n.title()) for n in ("ann", "bob", "cat"))
ROOMY = Cooldown(uses=10_000)  # service tests are not about rate limits


class Clock:
    """Real UTC time shifted by `ahead` (the service's clock seam, e.g. to be 'after' a close)."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead


@pytest_asyncio.fixture(loop_scope="module")
async def games(store, pool):
    service = GameService(store, pool, ROOMY, rng=random.Random(4))
    yield service
    await service.aclose()


async def _truths(store: Store, game_id: int) -> dict[str, str]:
    return {item.letter: item.source for item in await store.games.items(game_id)}


async def test_a_game_has_half_ai_half_human_items_matched_and_rendered_alike(games, store):
    started = await games.start(CHAT, STARTER)
    assert [item.letter for item in started.items] == ["A", "B", "C", "D"]
    assert all(item.rendered.mp3 and len(item.rendered.mp3) > 10_000 for item in started.items)
    # Ten minutes (the default) from the start, less the seconds spent since.
    assert timedelta(minutes=9) < started.closes_at - datetime.now(UTC) <= timedelta(minutes=10)
    items = await store.games.items(started.game_id)
    assert sorted(i.source for i in items) == ["ai", "ai", "human", "human"]
    matched = ("key", "scale", "time", "bars", "tempo", "instrument")
    humans = [{k: i.params[k] for k in matched} for i in items if i.source == "human"]
    for ai in (i for i in items if i.source == "ai"):
        assert {k: ai.params[k] for k in matched} in humans
    # Nothing in what is posted tells the sources apart: no titles, no chords, and no
    # picture, score or notation (a score could give a human tune's source away).
    for item in started.items:
        assert item.rendered.title.endswith(f"seed {item.rendered.params.seed}")
        assert not item.rendered.params.chords
        assert item.rendered.png is None and item.rendered.score == ()
        assert item.rendered.abc is None and item.rendered.musicxml is None
    with pytest.raises(GameError, match="still open"):
        await games.start(CHAT, ANN)


async def test_bad_game_sizes_are_refused(games):
    with pytest.raises(GameError, match="Allowed: 2–10"):
        await games.start(CHAT, STARTER, items=11)
    with pytest.raises(GameError, match="Allowed: 1–1440"):
        await games.start(CHAT, STARTER, minutes=0)


async def test_votes_replace_earlier_ones_and_the_reveal_scores_them(games, store):
    started = await games.start(CHAT, STARTER, items=2, minutes=5)
    assert timedelta(minutes=4) < started.closes_at - datetime.now(UTC) <= timedelta(minutes=5)
    truths = await _truths(store, started.game_id)
    first = await games.vote(CHAT, "a", ANN, "ai", confidence=2)
    again = await games.vote(
        CHAT, "A", Actor("console:ann", "  Ann   Lee "), "human", confidence=5, quality=4
    )  # a newer name wins; spaces tidied
    assert (first.replaced, again.replaced) == (False, True)
    assert again.text() == (
        "Your vote on A (human, confidence 5, quality 4) replaced your earlier vote."
    )
    await games.vote(CHAT, "B", Actor("console:ann"), truths["B"])  # no name: kept
    await games.vote(CHAT, "A", Actor("console:bob"), "ai", quality=2)
    with pytest.raises(GameError, match="item:C is not in game"):
        await games.vote(CHAT, "C", BOB, "ai")
    with pytest.raises(NotPermitted, match="Only the game's starter"):
        await games.close(CHAT, BOB)
    reveal = await games.close(CHAT, ADMIN)
    assert [(i.letter, i.source) for i in reveal.items] == sorted(truths.items())
    ann_right = (truths["A"] == "human") + 1
    bob_right = int(truths["A"] == "ai")
    scores = {row.voter: (row.correct, row.n) for row in reveal.scores}
    assert scores == {"console:ann": (ann_right, 2), "console:bob": (bob_right, 1)}
    assert reveal.table.n == 3 and reveal.table.correct == ann_right + bob_right
    assert reveal.chart_png.startswith(b"\x89PNG")
    text = reveal.text()
    assert "closed by Mod" in text
    assert f"\nAnn Lee: {ann_right} of 2 right" in text
    assert f"\nconsole:bob: {bob_right} of 1 right" in text  # no name given: the id
    assert "Detection accuracy" in text
    with pytest.raises(GameError, match="No game is open"):
        await games.vote(CHAT, "A", CAT, "ai")
    results = await games.results(CHAT)
    assert results.table == reveal.table


async def test_open_games_close_on_time_after_a_restart(tmp_path, pool):
    path = tmp_path / "restart.db"
    async with Store(path) as store:
        before = GameService(store, pool, ROOMY, rng=random.Random(2))
        started = await before.start(CHAT, STARTER, items=2, minutes=1)
        await before.vote(CHAT, "A", ANN, "ai", confidence=3)
        await before.aclose()  # the bot stops; the game stays open in the database
    clock = Clock()
    clock.ahead = timedelta(minutes=2)  # the bot comes back after the closing time
    async with Store(path) as store:
        after = GameService(store, pool, ROOMY, clock)
        assert await after.rearm() == 1
        revealed: asyncio.Queue = asyncio.Queue()
        after.add_close_listener("console", revealed.put)  # added after the close: still told
        reveal = await asyncio.wait_for(revealed.get(), timeout=60)
        assert (reveal.game_id, reveal.closed_by, reveal.chat) == (started.game_id, "timer", "room")
        assert reveal.table.n == 1
        game = await store.games.get(started.game_id)
        assert not game.is_open and game.closed_by == "timer"
        await after.aclose()


def _votes_csv(export: StudyExport) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.files["votes.csv"])))


def _tune_file() -> bytes:
    return quarter_note_file("A", [69, 71, 73, 74, 76, 74, 73, 71] * 4)


async def test_an_approved_submission_is_played_and_its_author_credited(games, store):
    receipt = await games.submit(CHAT, ANN, _tune_file(), "ann's reel.mid", authorship="own")
    assert "Stated: written by the submitter." in receipt.text()
    # 31: the tune never rests on A at beat 3, so its last half bar is closed on A as games end
    assert "A major, 4/4, 8 bars, 120 BPM, 31 notes" in receipt.text()
    number = receipt.submission_id
    [waiting] = await games.pending(CHAT)
    assert (waiting.submission_id, waiting.title, waiting.submitter) == (
        number,
        "ann's reel",
        "Ann",
    )
    assert pending_text([waiting]) == (
        f'Submissions waiting for approval:\n  #{number} "ann\'s reel" by Ann\n'
        f"Approve one with /guess approve submission:{number}"
    )
    with pytest.raises(NotPermitted):
        await games.approve(CHAT, receipt.submission_id, ANN)
    approved = await games.approve(CHAT, receipt.submission_id, ADMIN)
    assert approved.startswith(f"Submission {receipt.submission_id} by Ann is approved")
    started = await games.start(CHAT, STARTER, items=2)
    reveal = await games.close(CHAT, STARTER)
    human = next(i for i in reveal.items if i.source == "human")
    assert (human.title, human.submitter) == ("ann's reel", "console:ann")
    assert (
        'HUMAN, "ann\'s reel" from community submission, submitted by Ann '
        "(written by the submitter)" in reveal.text()
    )
    assert started.game_id == reveal.game_id
    assert await games.pending(CHAT) == []
    assert pending_text([]) == "No submissions are waiting for approval in this chat."
    with pytest.raises(MidiRejected) as caught:
        await games.submit(CHAT, BOB, b"RIFF, not a MIDI file", "x.mid", authorship="own")
    assert user_message(caught.value) == (
        "That is not a MIDI file. Send a Standard MIDI File (.mid)."
    )


async def test_chat_results_leaderboard_export_and_forgetting(games, store):
    for voters in ((ANN, BOB), (ANN,)):
        started = await games.start(CHAT, STARTER, items=2)
        truths = await _truths(store, started.game_id)
        for voter in voters:
            for letter, truth in truths.items():
                guess = truth if voter == ANN else "ai"
                await games.vote(CHAT, letter, voter, guess, confidence=3, quality=4)
        await games.close(CHAT, STARTER)
    latest_closed = started.game_id
    await games.start(CHAT, STARTER, items=2)  # an open game does not hide the last results
    latest = (await games.results(CHAT)).reveal
    assert latest.game_id == latest_closed
    # Per item, how many said AI: Ann alone voted in the latest game, always right.
    assert sorted(line.split("; ")[1] for line in latest.text().splitlines()[1:3]) == [
        "judged AI by 0 of 1",
        "judged AI by 1 of 1",
    ]
    overall = await games.results(CHAT, "all")
    assert overall.table.n == 6
    assert "All games in this chat (2 with votes)" in overall.text()
    # 5 of 6 right (Ann 4 of 4; Bob said AI to both items of one game); too few to test.
    assert "This community: 83.3% (95% CI 43.6%–97.0%) vs the study's 57.5% (23/40)." in (
        overall.text()
    )
    assert "Too few to test: 2 participants and 6 judgements" in overall.text()
    board = await games.leaderboard(CHAT, min_judgements=3)
    assert board.splitlines()[1] == "1. Ann  100.0% (4 of 4)"
    assert "Bob" not in board
    with pytest.raises(NotPermitted) as refused:  # a member who did not start it
        await games.export(CHAT, BOB)
    assert user_message(refused.value) == (
        f"Only the starter of game {latest_closed} or an admin can export its votes."
    )
    with pytest.raises(NotPermitted, match="Only an admin can export the votes of every game"):
        await games.export(CHAT, STARTER, "all")
    with pytest.raises(NotPermitted, match=r"Only an admin can export members' names \(names:on\)"):
        await games.export(CHAT, STARTER, names=True)
    # The starter gets their game (the latest closed one), under pseudonyms only.
    rows = _votes_csv(await games.export(CHAT, STARTER))
    assert {(r["game"], r["participant_name"]) for r in rows} == {(str(latest_closed), "")}
    [ann_alias] = {r["participant"] for r in rows}
    assert ann_alias.startswith("p-") and "ann" not in ann_alias
    admin = Actor("console:mod", "Mod", Role.ADMIN)
    rows = _votes_csv(await games.export(CHAT, admin, "all"))
    assert len(rows) == 6
    # One pseudonym per member, the same in both games; no ids, no names.
    assert len({r["participant"] for r in rows}) == 2
    assert {r["game"] for r in rows if r["participant"] == ann_alias} == {
        str(latest_closed - 1),
        str(latest_closed),
    }
    assert not any("console:" in value for r in rows for value in r.values())
    named_rows = _votes_csv(await games.export(CHAT, admin, "all", names=True))
    assert {(r["participant"] == ann_alias, r["participant_name"]) for r in named_rows} == {
        (True, "Ann"),
        (False, "Bob"),
    }
    assert all(r["correct"] == "1" for r in rows if r["participant"] == ann_alias)
    assert await games.forget(ANN) == ("Deleted 4 votes, 0 submissions and the name shown for you.")
    rows = _votes_csv(await games.export(CHAT, admin, "all"))
    assert len(rows) == 2
    assert ann_alias not in {r["participant"] for r in rows}
    assert await store.members.names(["console:ann", "console:bob"]) == {"console:bob": "Bob"}
