"""Reveals and reports of games, read from the store: truths, scores, study tables, CSV.

Only closed games are reported: answers and votes of an open game stay
secret until it closes. Members are shown by the display name their platform
last gave (the `members` table); the CSV keeps their ids beside the names.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Iterable

from bot.errors import GameError
from bot.runtime.runner import JobRunner
from bot.services.games.authorship import authorship_text
from bot.services.games.chart import study_chart_png
from bot.services.games.chat_settings import ChatSettings, settings_of
from bot.services.games.models import Chat, Results, Reveal, RevealedItem, utc_clock_text
from bot.services.games.profiles import meets_minimum
from bot.services.games.stats import (
    AI,
    Judgement,
    LeaderboardRow,
    StudyTable,
    format_leaderboard,
    leaderboard,
    study_table,
    voter_scores,
)
from bot.services.games.stats_report import analysis_text, table_lines
from bot.services.games.stats_split import split_lines
from bot.store import Store, VoteRow

CSV_COLUMNS = (
    "game",
    "item",
    "source",
    "title",
    "voter",
    "voter_name",
    "guess",
    "correct",
    "confidence",
    "quality",
    "voted_at",
)


def judgements(votes: list[VoteRow]) -> list[Judgement]:
    """Stored votes as the statistics' judgements."""
    return [Judgement(v.voter, v.source, v.guess, v.confidence, v.quality) for v in votes]


def named(rows: Iterable[LeaderboardRow], names: dict[str, str]) -> list[LeaderboardRow]:
    """Score rows with each voter's display name filled in where one is known."""
    return [dataclasses.replace(row, name=names.get(row.voter)) for row in rows]


async def chart_png(pool: JobRunner, table: StudyTable, title: str) -> bytes:
    """The study chart, drawn by matplotlib in a worker: CPU-bound, so never on the loop."""
    png: bytes = await pool.submit(study_chart_png, table, title)
    return png


async def _kept_voters(
    store: Store, voters: set[str], settings: ChatSettings | None
) -> set[str] | None:
    """The voters whose votes count under the chat's minimum profile; None: every vote."""
    if settings is None or not settings.has_minimum:
        return None
    profiles = await store.profiles.of_members(voters)
    return {
        voter
        for voter in voters
        if meets_minimum(profiles.get(voter), settings.min_experience, settings.min_role)
    }


def _counting_note(kept: int, total: int, settings: ChatSettings) -> str:
    return (
        f"Counting {kept} of {total} votes: members with {settings.minimum_text()} "
        "(this chat's settings)."
    )


async def counted_votes(
    store: Store, votes: list[VoteRow], settings: ChatSettings | None
) -> tuple[list[VoteRow], str]:
    """The votes that count in the results under the chat's minimum profile, and a line
    saying how many count ('' when every vote does)."""
    kept = await _kept_voters(store, {v.voter for v in votes}, settings)
    if kept is None or settings is None:
        return votes, ""
    counted = [v for v in votes if v.voter in kept]
    return counted, _counting_note(len(counted), len(votes), settings)


async def counted_judgements(
    store: Store, judged: list[Judgement], settings: ChatSettings | None
) -> tuple[list[Judgement], str]:
    """`counted_votes` for judgements (the results over a whole chat)."""
    kept = await _kept_voters(store, {j.voter for j in judged}, settings)
    if kept is None or settings is None:
        return judged, ""
    counted = [j for j in judged if j.voter in kept]
    return counted, _counting_note(len(counted), len(judged), settings)


async def split_text(store: Store, judged: list[Judgement], by: str | None) -> str:
    """The results split by the members' profiles (`by`: 'experience' or 'role'), or ''."""
    if by is None:
        return ""
    profiles = await store.profiles.of_members({j.voter for j in judged})
    groups = {voter: getattr(p, by) for voter, p in profiles.items()}
    return "\n".join(split_lines(judged, groups, by))


async def build_reveal(
    store: Store, pool: JobRunner, game_id: int, fallback: ChatSettings | None = None
) -> Reveal:
    """A closed game's truths, each voter's score, its study table and chart (`pool` draws it).

    With `fallback` (the default settings), the table counts only votes meeting the
    chat's minimum profile; without it, every vote.
    """
    game = await store.games.get(game_id)
    if game is None:
        raise GameError(f"There is no game {game_id}.")
    if game.is_open:
        raise GameError(
            f"Game {game.id} is still open; its answers come when it closes "
            f"({utc_clock_text(game.closes_at)})."
        )
    items = await store.games.items(game.id)
    votes = await store.votes.of_game(game.id)
    judged = judgements(votes)
    settings = (
        await settings_of(store, Chat(game.platform, game.chat), fallback) if fallback else None
    )
    counted, note = await counted_votes(store, votes, settings)
    names = await store.members.names(
        [
            *(j.voter for j in judged),
            game.closed_by or "",
            *(i.submitter for i in items if i.submitter),
        ]
    )
    table = study_table(judgements(counted))
    chart = await chart_png(pool, table, f"Game {game.id}: AI or human?")
    scores = sorted(voter_scores(judged), key=lambda r: (-r.correct, r.n, r.voter))
    return Reveal(
        game_id=game.id,
        platform=game.platform,
        chat=game.chat,
        closed_by=game.closed_by,
        closed_by_name=names.get(game.closed_by or ""),
        items=tuple(
            RevealedItem(
                i.letter,
                i.source,
                i.title,
                i.collection,
                i.submitter,
                i.params,
                names.get(i.submitter or ""),
                votes=sum(v.letter == i.letter for v in votes),
                judged_ai=sum(v.letter == i.letter and v.guess == AI for v in votes),
                authorship=authorship_text(i.authorship, i.authorship_source),
            )
            for i in items
        ),
        scores=tuple(named(scores, names)),
        table=table,
        chart_png=chart,
        table_note=note,
    )


async def chat_results(
    store: Store,
    pool: JobRunner,
    chat: Chat,
    scope: str = "game",
    fallback: ChatSettings | None = None,
    by: str | None = None,
) -> Results:
    """The latest closed game's reveal (`scope='game'`), or the table over all closed games.

    With `fallback` (the default settings), only votes meeting the chat's minimum profile
    count; `by` adds the split by profile. With only an open game in the chat, says when
    its answers come.
    """
    settings = await settings_of(store, chat, fallback) if fallback else None
    if scope == "all":
        # Only what the statistics need: a chat's study can hold 100,000 votes.
        rows = await store.votes.judged_in_chat(chat.platform, chat.id)
        every = [Judgement(*row[1:]) for row in rows]
        judged, note = await counted_judgements(store, every, settings)
        voters = {j.voter for j in judged}
        games = len({row[0] for row in rows if row[1] in voters})
        table = study_table(judged)
        title = f"All games in this chat ({games} with votes)"
        # The chart (in the pool) and the GEE fit (CPU work: off the event loop) at once.
        chart, analysis = await asyncio.gather(
            chart_png(pool, table, title), asyncio.to_thread(analysis_text, judged, table)
        )
        parts = [note, analysis, await split_text(store, judged, by)]
        return Results(title, table, chart, analysis="\n\n".join(p for p in parts if p))
    # The latest closed game, so a new open game does not hide the last results.
    game = await store.games.latest(
        chat.platform, chat.id, closed_only=True
    ) or await store.games.latest(chat.platform, chat.id)
    if game is None:
        raise GameError("No game has been played in this chat yet. Start one with /guess start.")
    reveal = await build_reveal(store, pool, game.id, fallback)
    counted, _ = await counted_votes(store, await store.votes.of_game(game.id), settings)
    parts = [
        "\n".join(table_lines(reveal.table)),
        await split_text(store, judgements(counted), by),
    ]
    return Results(
        f"Game {game.id}",
        reveal.table,
        reveal.chart_png,
        reveal,
        analysis="\n\n".join(p for p in parts if p),
    )


async def chat_leaderboard(store: Store, chat: Chat, min_judgements: int) -> str:
    """Best detectors over the chat's closed games, with at least `min_judgements` each."""
    votes = await store.votes.of_chat(chat.platform, chat.id)
    rows = leaderboard(judgements(votes), min_judgements)
    rows = named(rows, await store.members.names(r.voter for r in rows))
    return "Leaderboard\n" + format_leaderboard(rows, min_judgements)


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def spreadsheet_text(text: str | None) -> str | None:
    """A member-given text (a file name, a display name) made inert in a spreadsheet:
    control characters (a carriage return would start a new row) become spaces, and a
    cell that would start with = + - @ after leading spaces gets a leading apostrophe."""
    if text is None:
        return None
    clean = _CONTROL_CHARACTERS.sub(" ", text)
    return "'" + clean if clean.lstrip().startswith(("=", "+", "-", "@")) else clean
