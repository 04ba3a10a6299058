"""The pictures and notation step of a render job, run in the worker beside the MP3 encoding.

It writes the ABC and MusicXML and draws the pictures the job asked for: the score
pages (engraved from that same MusicXML), the piano roll, or both. The score's page
limits are the strictest photo limits of the platforms the bot posts to: Telegram's
(≤ 10 MB, width + height ≤ 10,000 px, sides at most 20:1;
https://core.telegram.org/bots/api#sendphoto), well inside Discord's attachment limit.

The piano roll (matplotlib) is imported only by a job that draws one: most jobs show
the score, and a worker that never draws a piano roll stays ~30 MiB smaller.

Public API: `Pictures`, `SCORE_LIMITS`, `pictures_of`, `notation_of`, `warm_score`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from engine.melody import Melody
from engine.notation.abc import to_abc
from engine.notation.musicxml import to_musicxml
from engine.params.melody import MelodyParams
from engine.picture.score import PhotoLimits, render_score_pngs

log = logging.getLogger(__name__)
SCORE_LIMITS = PhotoLimits(max_bytes=10_000_000, max_side_sum_px=10_000, max_ratio=20)


@dataclass(frozen=True)
class Pictures:
    """What the step makes: piano roll PNG, score pages, ABC, MusicXML (None or no pages
    when not made)."""

    pianoroll: bytes | None
    score: tuple[bytes, ...]
    abc: str | None
    musicxml: str | None


def notation_of(melody: Melody) -> Pictures:
    """ABC and MusicXML only (a few milliseconds): for MIDI-only jobs."""
    return Pictures(None, (), to_abc(melody), to_musicxml(melody))


def _score(melody: Melody, musicxml: str) -> tuple[bytes, ...]:
    """The score pages, or none when engraving fails (an unwritable font cache, a verovio
    fault): the melody is still posted, with the piano roll as its picture."""
    try:
        return tuple(render_score_pngs(melody, SCORE_LIMITS, musicxml))
    except (OSError, RuntimeError, ValueError):
        log.warning("no score for %s", melody.params.slug, exc_info=True)
        return ()


def _pianoroll(melody: Melody) -> bytes:
    from engine.picture.pianoroll import render_png  # matplotlib: only when a job draws one

    return render_png(melody)


def pictures_of(melody: Melody, *, score: bool = True, pianoroll: bool = False) -> Pictures:
    """ABC, MusicXML and the pictures asked for: the score pages (~110 CPU-ms for 16 bars)
    and/or the piano roll (~20 CPU-ms). A score that cannot be engraved is replaced by the
    piano roll, so a melody always has a picture."""
    musicxml = to_musicxml(melody)
    pages = _score(melody, musicxml) if score else ()
    roll = _pianoroll(melody) if pianoroll or not pages else None
    return Pictures(roll, pages, to_abc(melody), musicxml)


def warm_score() -> None:
    """Load verovio's fonts and unpack its music font once, at worker start, not in a job."""
    empty = Melody(MelodyParams(bars=1, chords=False), ())
    _score(empty, to_musicxml(empty))
