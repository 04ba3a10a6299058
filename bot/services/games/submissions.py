"""Member submissions: parse an uploaded MIDI file in the pool, queue it, let an admin approve it.

Approved submissions of a chat are the first human melodies its next games play,
and their submitters are credited at the reveal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import PurePath

from bot.errors import GameError
from bot.runtime.jobs import Submitted, stored_melody_job, submission_job
from bot.runtime.runner import JobRunner
from bot.services.actor import Actor
from bot.services.games.authorship import authorship_text
from bot.services.games.models import Chat, PendingSubmission, SubmissionReceipt
from bot.services.games.permissions import require_moderator
from bot.store import MelodyRow, Store
from engine.errors import MidiRejected
from engine.fingerprint import fingerprint, matches
from engine.human.submission import SUBMISSION_COLLECTION, check_header, check_size
from engine.melody import Melody
from engine.midi import carries_generator_mark
from engine.params.schema import plural, quoted

UNTITLED = "Untitled"


async def submit_melody(
    store: Store,
    pool: JobRunner,
    now: datetime,
    chat: Chat,
    submitter: str,
    data: bytes,
    filename: str | None,
    human_prints: Callable[[], Sequence[tuple[str, frozenset[int]]]],
    statement: tuple[str, str | None],
) -> SubmissionReceipt:
    """Parse `data` in a worker (under the pool's timeout) and store it, pending review.

    `statement` is the submitter's (authorship, source), checked by `stated_authorship`.
    A melody the bot composed, one of the bundled human tunes, or one already
    submitted is refused (by fingerprint: transposed or re-timed copies too).
    """
    check_header(data[:4])  # an MP3 is "not a MIDI file", not "too big"
    check_size(len(data))  # before the bytes travel to a worker
    if carries_generator_mark(data):
        raise GameError(
            "That MIDI file was written by this bot (it carries its mark), so it cannot play "
            "as human; submit a melody written by a person."
        )
    submitted: Submitted = await pool.submit(submission_job, data, cache=False)
    melody = submitted.melody
    grams = fingerprint(melody.notes)
    await refuse_known_melody(store, grams, human_prints())
    title = title_of(filename)
    melody_id = await store.melodies.add(
        source="human",
        params=melody.params.to_dict(),
        midi=submitted.midi,
        now=now,
        title=title,
        collection=SUBMISSION_COLLECTION,
        submitter=submitter,
        authorship=statement[0],
        authorship_source=statement[1],
    )
    await store.fingerprints.add(melody_id, grams)
    submission_id = await store.submissions.add(
        platform=chat.platform,
        chat=chat.id,
        submitter=submitter,
        filename=filename,
        melody_id=melody_id,
        now=now,
    )
    p = melody.params
    summary = (
        f"{p.key} {p.scale.replace('_', ' ')}, {p.time}, {plural(p.bars, 'bar')}, "
        f"{p.tempo} BPM, {plural(len(melody.notes), 'note')}"
    )
    return SubmissionReceipt(submission_id, title, summary, authorship_text(*statement))


async def refuse_known_melody(
    store: Store, grams: frozenset[int], human_prints: Sequence[tuple[str, frozenset[int]]]
) -> None:
    """GameError in one line when `grams` match a stored melody or a bundled human tune.

    `human_prints` are the bundled tunes' titles and fingerprints.
    """
    found = await store.fingerprints.best_match(grams)
    if found is not None and matches(grams, found[2]):
        if found[1] == "ai":
            raise GameError(
                "That melody was composed by this bot, so it cannot play as human; "
                "submit a melody written by a person."
            )
        raise GameError("That melody was submitted or played here already; send a different one.")
    for title, tune in human_prints:
        if matches(grams, len(grams & tune)):
            raise GameError(
                f"That melody is already in the bot's human pool ({title}); send a different one."
            )


MIDI_SUFFIXES = frozenset({".mid", ".midi", ".smf", ".kar"})
MIDI_TYPES = frozenset({"audio/midi", "audio/mid", "audio/x-midi", "application/x-midi"})
UNKNOWN_TYPES = frozenset({"", "application/octet-stream"})  # said by clients that don't know


def check_declared(filename: str | None, content_type: str | None, size: int) -> None:
    """Before a download: refuse a file whose name or type says it is not MIDI, then by size.

    Platforms state all three; an MP3 is called what it is, not too big (bytes).
    """
    suffix = PurePath(filename or "").suffix.lower()
    kind = (content_type or "").split(";")[0].strip().lower()
    unknown = not suffix and kind in UNKNOWN_TYPES
    if not (suffix in MIDI_SUFFIXES or kind in MIDI_TYPES or unknown):
        raise MidiRejected(
            f'"{quoted(filename or "")}" is not a MIDI file ({kind or "no type given"}). '
            "Send a Standard MIDI File (.mid)."
        )
    check_size(size)


def title_of(filename: str | None) -> str:
    """A submission's title: its file name without folder or extension."""
    return PurePath(filename).stem if filename else UNTITLED


async def pending_submissions(store: Store, chat: Chat) -> list[PendingSubmission]:
    """The chat's submissions waiting for an admin, oldest first, with submitters' names."""
    rows = await store.submissions.pending(chat.platform, chat.id)
    names = await store.members.names([r.submitter for r in rows])
    return [
        PendingSubmission(
            r.id, title_of(r.filename), names.get(r.submitter, r.submitter), r.submitted_at
        )
        for r in rows
    ]


async def approve_submission(
    store: Store, now: datetime, chat: Chat, submission_id: int, actor: Actor
) -> str:
    """Let a pending submission of this chat into its games (admins only)."""
    require_moderator(actor)
    submission = await store.submissions.get(submission_id)
    if submission is None or (submission.platform, submission.chat) != (chat.platform, chat.id):
        raise GameError(f"There is no submission {submission_id} in this chat.")
    if submission.state == "approved":
        return f"Submission {submission_id} was already approved."
    await store.submissions.review(submission_id, "approved", actor.id, now)
    names = await store.members.names([submission.submitter])
    submitter = names.get(submission.submitter, submission.submitter)
    return (
        f"Submission {submission_id} by {submitter} is approved; "
        "it will be played in the next game."
    )


async def unplayed_submissions(
    store: Store, pool: JobRunner, chat: Chat, count: int
) -> list[tuple[Melody, int]]:
    """Up to `count` approved submissions of the chat never played yet, with their melody ids.

    Their MIDI is parsed in the pool's workers, not on the event loop.
    """
    rows: list[MelodyRow] = []
    for row, uses in await store.submissions.approved_melodies(chat.platform, chat.id):
        if uses or len(rows) >= count:
            break
        rows.append(row)
    melodies = await asyncio.gather(*(melody_of_row(pool, row) for row in rows))
    return [(melody, row.id) for melody, row in zip(melodies, rows, strict=True)]


async def melody_of_row(pool: JobRunner, row: MelodyRow) -> Melody:
    """A stored human melody, parsed from its MIDI in a worker."""
    provenance = {
        k: v
        for k, v in (
            ("title", row.title),
            ("collection", row.collection),
            ("submitter", row.submitter),
        )
        if v
    }
    melody: Melody = await pool.submit(
        stored_melody_job, row.params, row.midi, provenance, cache=False
    )
    return melody
