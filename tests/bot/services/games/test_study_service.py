"""Issue 12's study data through the games service: real worker pool, real SQLite file.

Authorship statements, per-vote timing and changes, profiles and the split by them,
per-chat settings (as a member and as an admin), and the study export's four files.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from bot.errors import GameError, NotPermitted, user_message
from bot.services.actor import Actor, Role
from bot.services.cooldown import Cooldown
from bot.services.games.codebook import FILES
from bot.services.games.export import StudyExport
from bot.services.games.service import Chat, GameService
from engine.compose.composer import compose
from engine.compose.drafts import knob_measures
from engine.params.melody import MelodyParams
from tests.support.midi_files import quarter_note_file

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHAT = Chat("console", "study")
ADMIN = Actor("console:mod", "Mod", Role.ADMIN)
ANN, BOB, CAT = (Actor(f"console:{n}", n.title()) for n in ("ann", "bob", "cat"))


class Clock:
    """A settable UTC clock (the service's seam), starting at the real time."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest_asyncio.fixture(loop_scope="module")
async def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture(loop_scope="module")
async def games(store, pool, clock):
    service = GameService(store, pool, Cooldown(uses=10_000), clock, rng=random.Random(12))
    yield service
    await service.aclose()


def _tune(pitches: list[int]) -> bytes:
    return quarter_note_file("A", pitches * 4)


def _csv(export: StudyExport, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.files[name])))


async def test_a_submission_needs_an_authorship_statement_and_the_reveal_shows_it(games):
    tune = _tune([69, 71, 73, 74, 76, 74, 73, 71])
    with pytest.raises(GameError) as missing:
        await games.submit(CHAT, ANN, tune, "reel.mid")
    assert user_message(missing.value) == (
        "Say who wrote the melody: authorship:own (you wrote it) or authorship:public_domain "
        'source:"where it comes from".'
    )
    with pytest.raises(GameError, match="A public-domain melody needs its source"):
        await games.submit(CHAT, ANN, tune, "reel.mid", authorship="public_domain")
    with pytest.raises(GameError, match="source: is for public-domain melodies"):
        await games.submit(CHAT, ANN, tune, "reel.mid", authorship="own", source="my head")
    with pytest.raises(GameError, match="authorship:mine is not a known authorship"):
        await games.submit(CHAT, ANN, tune, "reel.mid", authorship="mine")
    receipt = await games.submit(
        CHAT, ANN, tune, "reel.mid", authorship="public_domain", source="O'Neill 1903, no. 12"
    )
    assert "Stated: public domain (source: O'Neill 1903, no. 12)." in receipt.text()
    await games.approve(CHAT, receipt.submission_id, ADMIN)
    await games.start(CHAT, ADMIN, items=2)
    reveal = await games.close(CHAT, ADMIN)
    [human] = [item.text() for item in reveal.items if item.source == "human"]
    assert human.endswith(
        '"reel" from community submission, submitted by Ann '
        "(public domain (source: O'Neill 1903, no. 12))"
    )


async def test_each_vote_keeps_its_position_time_to_first_vote_and_changes(games, store, clock):
    started = await games.start(CHAT, ADMIN, items=2)
    clock.now += timedelta(seconds=42)
    await games.vote(CHAT, "B", ANN, "ai", confidence=2)
    clock.now += timedelta(seconds=10)
    await games.vote(CHAT, "B", ANN, "ai", confidence=2)  # the same again: no change
    await games.vote(CHAT, "B", ANN, "human", confidence=2)
    await games.vote(CHAT, "B", ANN, "human", confidence=4)
    await games.vote(CHAT, "A", BOB, "ai")
    await games.close(CHAT, ADMIN)
    stored = {v.voter: v for v in await store.votes.of_game(started.game_id)}
    ann, bob = stored["console:ann"], stored["console:bob"]
    assert (ann.shown_position, ann.first_vote_seconds, ann.changes) == (2, 42.0, 2)
    assert (bob.shown_position, bob.first_vote_seconds, bob.changes) == (1, 52.0, 0)
    rows = _csv(await games.export(CHAT, ADMIN), "votes.csv")
    by_item = {r["item"]: r for r in rows}
    assert (by_item["B"]["shown_position"], by_item["B"]["first_vote_seconds"]) == ("2", "42.0")
    assert (by_item["B"]["changes"], by_item["B"]["guess"]) == ("2", "human")


async def test_a_profile_is_set_updated_and_splits_the_results(games, store):
    assert (await games.profile(ANN, "3y+", "producer")).startswith(
        "Your profile is set: experience 3y+, role producer."
    )
    assert await games.profile(ANN, "3y+", "producer") == (
        "Your profile was already set to experience 3y+, role producer; nothing changed."
    )
    assert await games.profile(ANN, "1-3y", "producer") == (
        "Your profile is updated: experience 1-3y, role producer (was experience 3y+, "
        "role producer)."
    )
    await games.profile(BOB, "none", "listener")
    with pytest.raises(GameError, match="experience:decades is not a known experience"):
        await games.profile(CAT, "decades", "listener")
    started = await games.start(CHAT, ADMIN, items=2)
    truths = {i.letter: i.source for i in await store.games.items(started.game_id)}
    for letter, truth in truths.items():
        await games.vote(CHAT, letter, ANN, truth)  # Ann always right
        await games.vote(CHAT, letter, BOB, "ai")  # Bob right on the AI item only
        await games.vote(CHAT, letter, CAT, truth)  # Cat never answered the question
    await games.close(CHAT, ADMIN)
    text = (await games.results(CHAT, "game", "role")).text()
    assert "By role: accuracy (95% CI), participants, judgements" in text
    assert "  listener    50.0% (" in text and "1 participant, 2 judgements" in text
    assert "  producer    100.0% (" in text
    assert "  no profile  100.0% (" in text
    everything = (await games.results(CHAT, "all", "experience")).text()
    assert "By experience:" in everything and "  1-3y " in everything
    # forget-me deletes the profile too.
    await games.forget(BOB)
    assert await store.profiles.get("console:bob") is None


async def test_settings_are_shown_to_all_changed_by_admins_and_enforced(games, store):
    shown = await games.change_settings(CHAT, ANN, {})
    assert shown.splitlines()[:3] == [
        "Game settings of this chat:",
        "  default_items: 4",
        "  default_minutes: 10",
    ]
    with pytest.raises(NotPermitted) as refused:
        await games.change_settings(CHAT, ANN, {"starters": "everyone"})
    assert user_message(refused.value) == "Only an admin can change this chat's game settings."
    saved = await games.change_settings(
        CHAT,
        ADMIN,
        {"default_items": 2, "default_minutes": 3, "starters": "admins", "submissions": False},
    )
    assert saved.startswith("Settings saved.") and "  starters: admins" in saved
    with pytest.raises(GameError, match="default_items:11 is out of range"):
        await games.change_settings(CHAT, ADMIN, {"default_items": 11})
    # Who may start: admins only now, for every front end.
    with pytest.raises(NotPermitted) as not_admin:
        await games.start(CHAT, ANN)
    assert user_message(not_admin.value) == (
        "Only an admin can start games in this chat (its settings say starters:admins)."
    )
    started = await games.start(CHAT, ADMIN)  # the chat's defaults: 2 items, 3 minutes
    assert len(started.items) == 2
    assert started.closes_at - games.clock() == timedelta(minutes=3)
    truths = {i.letter: i.source for i in await store.games.items(started.game_id)}
    for letter, truth in truths.items():
        await games.vote(CHAT, letter, ANN, truth)
        await games.vote(CHAT, letter, BOB, "human" if truth == "ai" else "ai")
    await games.profile(ANN, "3y+", "producer")
    await games.profile(BOB, "hobby", "producer")
    await games.close(CHAT, ADMIN)
    with pytest.raises(NotPermitted, match="This chat takes no submissions"):
        await games.submit(CHAT, ANN, _tune([60, 62, 64, 65]), "x.mid", authorship="own")
    # A minimum profile: only Ann's votes count in the results.
    await games.change_settings(CHAT, ADMIN, {"min_experience": "1-3y"})
    results = await games.results(CHAT)
    assert results.table.n == 2 and results.table.correct == 2
    assert "Counting 2 of 4 votes: members with experience ≥ 1-3y (this chat's settings)." in (
        results.text()
    )
    rows = _csv(await games.export(CHAT, ADMIN), "votes.csv")
    assert sorted(r["counted"] for r in rows) == ["0", "0", "1", "1"]
    # `any` removes the minimum; the settings are stored, so a new service reads them.
    await games.change_settings(CHAT, ADMIN, {"min_experience": "any"})
    assert (await games.results(CHAT)).table.n == 4
    row = await store.chat_settings.get("console", "study")
    assert row is not None and (row.starters, row.submissions_allowed) == ("admins", False)


async def test_the_export_is_four_files_quoted_defused_and_described(games, store):
    receipt = await games.submit(
        CHAT, ANN, _tune([69, 72, 76, 72, 74, 71, 67, 71]), "=cmd|calc.mid", authorship="own"
    )
    await games.approve(CHAT, receipt.submission_id, ADMIN)
    await games.profile(ANN, "hobby", "musician")
    await games.start(CHAT, ADMIN, items=2)
    await games.vote(CHAT, "A", ANN, "ai", confidence=5, quality=2)
    await games.vote(CHAT, "B", ANN, "human", confidence=4, quality=4)
    await games.vote(CHAT, "A", Actor("console:bob", "@bob"), "human")  # a hostile name
    await games.close(CHAT, ADMIN)
    export = await games.export(CHAT, ADMIN, "all", names=True)
    with zipfile.ZipFile(io.BytesIO(export.zip_bytes())) as archive:
        assert sorted(archive.namelist()) == sorted(
            ["votes.csv", "items.csv", "participants.csv", "codebook.json"]
        )
        assert archive.read("votes.csv").decode() == export.files["votes.csv"]
    codebook = json.loads(export.files["codebook.json"])
    for name, columns in FILES.items():
        header = export.files[name].splitlines()[0]
        assert header == ",".join(f'"{c}"' for c in columns)  # every cell quoted, the header too
        assert list(codebook["files"][name]) == list(columns)
        assert all(codebook["files"][name][c]["description"] for c in columns)
    votes = _csv(export, "votes.csv")
    assert {r["participant_name"] for r in votes} == {"Ann", "'@bob"}  # a formula defused
    assert all(line.startswith('"') for line in export.files["votes.csv"].splitlines())
    items = {(r["game"], r["item"]): r for r in _csv(export, "items.csv")}
    submitted = next(r for r in items.values() if r["title"].endswith("calc"))
    assert submitted["title"] == "'=cmd|calc" and submitted["authorship"] == "own"
    assert submitted["submitter"].startswith("p-") and submitted["seed"] == ""
    for ai in (r for r in items.values() if r["truth"] == "ai"):
        assert ai["seed"].isdigit() and ai["generator_version"].startswith("melodybot ")
        assert ai["complexity"] and ai["syncopation"] and ai["tempo"]
    # Every item, AI and human, carries what it measured as posted: one column per measure
    # the matching compares; the submitted tune's span is its own (G4 to E5: 9 semitones).
    measured = [c for c in FILES["items.csv"] if c.startswith("measured_")]
    names = knob_measures(compose(MelodyParams(bars=2, seed=1))).keys()
    assert sorted(c.removeprefix("measured_") for c in measured) == sorted(names)
    for row in items.values():
        assert all(float(row[c]) >= 0 for c in measured), row
        assert float(row["measured_note_density"]) > 0
    assert float(submitted["measured_pitch_span"]) == 9
    participants = {r["participant_name"]: r for r in _csv(export, "participants.csv")}
    assert (participants["Ann"]["experience"], participants["Ann"]["role"]) == (
        "hobby",
        "musician",
    )
    ann = [r for r in votes if r["participant_name"] == "Ann"]
    assert participants["Ann"]["judgements"] == str(len(ann))
    assert float(participants["Ann"]["accuracy"]) == pytest.approx(
        sum(r["correct"] == "1" for r in ann) / len(ann), abs=1e-4
    )
    assert export.summary().startswith("Study export (every closed game):")
    # Without names:on, no display name anywhere.
    plain = await games.export(CHAT, ADMIN, "all")
    assert {r["participant_name"] for r in _csv(plain, "participants.csv")} == {""}
