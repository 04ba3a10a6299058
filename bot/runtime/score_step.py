"""The pictures and notation step of a render job, run in the worker beside the MP3 encoding.

It draws the piano roll and writes the ABC and MusicXML, and (when `score`) engraves
the score pages. The score's page limits are the strictest photo limits of the
platforms the bot posts to: Telegram's (≤ 10 MB, width + height ≤ 10,000 px, sides
at most 20:1; https://core.telegram.org/bots/api#sendphoto), well inside Discord's
attachment limit.

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


def _score(melody: Melody) -> tuple[bytes, ...]:
    """The score pages, or none when engraving fails (an unwritable font cache, a verovio
    fault): the melody is still posted, with the piano roll as its picture."""
    try:
        return tuple(render_score_pngs(melody, SCORE_LIMITS))
    except (OSError, RuntimeError, ValueError):
        log.warning("no score for %s", melody.params.slug, exc_info=True)
        return ()


def pictures_of(melody: Melody) -> Pictures:
    """Piano roll, score pages, ABC and MusicXML of a melody (~150 ms for 16 bars)."""
    from engine.picture.pianoroll import render_png  # the worker imported it at start

    text = notation_of(melody)
    return Pictures(render_png(melody), _score(melody), text.abc, text.musicxml)


def warm_score() -> None:
    """Load verovio's fonts and unpack its music font once, at worker start, not in a job."""
    _score(Melody(MelodyParams(bars=1, chords=False), ()))
