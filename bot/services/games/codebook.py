"""The codebook of a study export: every column of every file, described once.

The export writes its columns in the order declared here, and `codebook.json`
is this table, so a column cannot be exported undescribed.

Public API: `VOTE_COLUMNS`, `ITEM_COLUMNS`, `PARTICIPANT_COLUMNS`, `FILES`, `codebook`.
"""

# ruff: noqa: E501 — one description per line reads as the table it is

from __future__ import annotations

from typing import Any

# name -> (type, description with its unit)
Columns = dict[str, tuple[str, str]]
MEASURED_PREFIX = "measured_"  # items.csv: measured_<name of a knob measure>

VOTE_COLUMNS: Columns = {
    "game": ("integer", "Game number in this chat's bot."),
    "item": ("text", "The item's letter in its game (A, B, …)."),
    "shown_position": ("integer", "Where the item was shown in the game, 1 = first."),
    "truth": ("text", "Who made the item: ai or human."),
    "participant": ("text", "The voter's pseudonym: HMAC-SHA256 of the member id with the chat's secret."),
    "participant_name": ("text", "The voter's display name; empty unless an admin asked (names:on)."),
    "guess": ("text", "The voter's judgement: ai or human."),
    "correct": ("integer", "1 when the guess equals the truth, else 0."),
    "confidence": ("integer", "Stated confidence, 1 (guessing) to 5 (certain); empty when not given."),
    "quality": ("integer", "Stated quality, 1 (poor) to 5 (excellent); empty when not given."),
    "voted_at": ("text", "Time of the last change of this vote, ISO 8601 in UTC."),
    "first_vote_seconds": ("number", "Seconds from the game being posted to the voter's first vote on the item; empty for votes cast before it was recorded."),
    "changes": ("integer", "How often the voter changed this vote (a repeat of the same vote is no change)."),
    "counted": ("integer", "1 when the vote counts in the results under the chat's minimum profile, else 0."),
}  # fmt: skip

ITEM_COLUMNS: Columns = {
    "game": ("integer", "Game number."),
    "item": ("text", "The item's letter in its game."),
    "shown_position": ("integer", "Where the item was shown in the game, 1 = first."),
    "truth": ("text", "Who made the item: ai or human."),
    "title": ("text", "Title of a human melody (or the submitted file's name)."),
    "collection": ("text", "Collection a human melody comes from ('community submission' for submissions)."),
    "submitter": ("text", "Pseudonym of the member who submitted the melody; empty otherwise."),
    "authorship": ("text", "The submitter's statement: own or public_domain; empty for other items."),
    "authorship_source": ("text", "Where a public-domain submission comes from."),
    "key": ("text", "Tonic."),
    "scale": ("text", "Scale or mode."),
    "time": ("text", "Time signature."),
    "bars": ("integer", "Length in bars."),
    "tempo": ("integer", "Tempo in beats per minute."),
    "instrument": ("text", "General MIDI instrument the item was rendered with."),
    "mood": ("text", "Mood preset of an AI item."),
    "seed": ("integer", "Seed that replays an AI item with these parameters; empty for human items."),
    "generator_version": ("text", "Name and version of the bot that wrote this export (AI items were composed by it or an earlier version)."),
    "complexity": ("integer", "Knob of an AI item, 0-100 %, set so its measured complexity matches its human counterpart."),
    "repetition": ("integer", "Knob, 0-100 %: share of bars restating earlier ones."),
    "syncopation": ("integer", "Knob, 0-100 %: off-beat emphasis."),
    "harmonic_density": ("integer", "Knob, 0-100 %: chord changes."),
    "range": ("text", "Knob: pitch range (narrow, medium, wide)."),
    "contour": ("text", "Knob: melodic contour."),
    "rhythm": ("text", "Knob: rhythm style."),
    # What the item measures as posted (AI and human alike: the study matched on these).
    "measured_note_density": ("number", "Measured: melody notes per beat (quarter note)."),
    "measured_complexity": ("number", "Measured: complexity, pitch and rhythm entropy in bits plus notes per beat."),
    "measured_syncopation": ("number", "Measured: Longuet-Higgins & Lee syncopation per note (0 = none)."),
    "measured_repetition": ("number", "Measured: share of 4-interval patterns that recur within the item, 0-1."),
    "measured_pitch_span": ("number", "Measured: span from lowest to highest note, in semitones."),
    "votes": ("integer", "Judgements of this item."),
    "judged_ai": ("integer", "Of them, how many said ai (which items fooled people)."),
}  # fmt: skip

PARTICIPANT_COLUMNS: Columns = {
    "participant": ("text", "Pseudonym, as in votes.csv."),
    "participant_name": ("text", "Display name; empty unless an admin asked (names:on)."),
    "experience": ("text", "Stated experience: none, hobby, 1-3y, 3y+; empty when not answered."),
    "role": ("text", "Stated role: listener, musician, producer; empty when not answered."),
    "judgements": ("integer", "Votes in this export."),
    "correct": ("integer", "Of them, correct."),
    "accuracy": ("number", "correct / judgements, 0-1."),
    "d_prime": ("number", "Sensitivity d′ (log-linear correction); empty without both AI and human items."),
    "counted": ("integer", "1 when the participant's votes count under the chat's minimum profile."),
}  # fmt: skip

FILES: dict[str, Columns] = {
    "votes.csv": VOTE_COLUMNS,
    "items.csv": ITEM_COLUMNS,
    "participants.csv": PARTICIPANT_COLUMNS,
}


def codebook(about: dict[str, Any]) -> dict[str, Any]:
    """codebook.json's content: `about` the export (scope, time, minimums) and every column."""
    return {
        "about": about,
        "csv": "UTF-8, comma-separated, every cell quoted; text that a spreadsheet would run "
        "as a formula starts with an apostrophe; control characters are spaces.",
        "files": {
            name: {
                column: {"type": kind, "description": text}
                for column, (kind, text) in columns.items()
            }
            for name, columns in FILES.items()
        },
    }
