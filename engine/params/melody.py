"""The one table of melody parameters, and their validation.

Every parameter is declared once, in `MELODY_PARAMS`: name, aliases, values or
range, default and one-line help. Discord options, Telegram/console help, the
CLI and validation are all derived from it. `resolve` turns user-given
`name:value` pairs into a `MelodyParams`, applying the mood preset first so
that anything the user gives wins.

Public API: `Param`, `ParamSchema`, `ParamError`, `MelodyParams`,
`MELODY_PARAMS`, `RANGE_OCTAVES`, `resolve`, `normalize`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engine.params.schema import Param, ParamSchema, plural
from engine.theory.instruments import INSTRUMENTS
from engine.theory.meters import METERS
from engine.theory.moods import MOODS
from engine.theory.scales import KEYS, SCALES

SEED_MAX = 2**31 - 1

# Octaves of pitch span for each `range` choice.
RANGE_OCTAVES: dict[str, int] = {"narrow": 1, "medium": 2, "wide": 3}

# Drafts `compose` chooses among by default (16 bars: 4 drafts in about 65 ms) and at most.
DEFAULT_DRAFTS, MAX_DRAFTS = 1, 8
CONTOURS = ("balanced", "ascending", "descending", "arch", "valley", "wave")
RHYTHMS = ("standard", "straight", "dotted", "swing", "triplet", "sparse")


def _percent(name: str, default: int, help_text: str, aliases: tuple[str, ...] = ()) -> Param:
    return Param(name, help_text, default, minimum=0, maximum=100, unit="%", aliases=aliases)


MELODY_PARAMS = ParamSchema((
    Param("key", "Tonic of the melody.", "C", choices=tuple(KEYS), suggest=False),
    Param("scale", "Scale or mode.", "major", choices=tuple(SCALES), aliases=("mode",)),
    Param("mood", "Preset of the other parameters; anything you give wins.", "neutral",
          choices=tuple(MOODS)),
    Param("tempo", "Speed in beats per minute.", 120, minimum=40, maximum=240, unit="BPM",
          aliases=("bpm",)),
    Param("bars", "Length in bars.", 8, minimum=1, maximum=64, unit="bars",
          aliases=("duration", "length")),
    Param("time", "Time signature.", "4/4", choices=tuple(METERS), aliases=("meter",)),
    Param("instrument", "Friendly or General MIDI instrument name.", "piano",
          choices=tuple(INSTRUMENTS)),
    _percent("complexity", 50, "Note density and variety of pitch and rhythm."),
    _percent("harmonic_density", 50, "How often the chords change.", ("harmony",)),
    _percent("repetition", 40, "Share of bars that repeat an earlier motif."),
    _percent("syncopation", 20, "Off-beat accents not followed by a note on the beat (0 = none)."),
    Param("range", "Pitch span: narrow 1 octave, medium 2, wide 3.", "medium",
          choices=tuple(RANGE_OCTAVES), aliases=("note_range",)),
    Param("contour", "Overall melodic shape.", "balanced", choices=CONTOURS),
    Param("rhythm", "Rhythmic feel.", "standard", choices=RHYTHMS, aliases=("rhythm_pattern",)),
    Param("drafts", "Drafts to choose from: the most tune-like wins (1 = the first draft).",
          DEFAULT_DRAFTS, minimum=1, maximum=MAX_DRAFTS, unit="drafts"),
    Param("chords", "Chords on a second track (piano; a pad under piano melodies), named "
          "in the score.", default=True, switch=True),
    Param("seed", "Random seed; the same parameters and seed give the same MIDI.", None,
          minimum=0, maximum=SEED_MAX, default_label="random, always reported"),
))  # fmt: skip


@dataclass(frozen=True)
class MelodyParams:
    """Fully resolved melody parameters. Percentages are 0-100; tempo is BPM."""

    key: str = "C"
    scale: str = "major"
    mood: str = "neutral"
    tempo: int = 120
    bars: int = 8
    time: str = "4/4"
    instrument: str = "piano"
    complexity: int = 50
    harmonic_density: int = 50
    repetition: int = 40
    syncopation: int = 20
    range: str = "medium"
    contour: str = "balanced"
    rhythm: str = "standard"
    drafts: int = DEFAULT_DRAFTS
    chords: bool = True
    seed: int = 0

    def to_dict(self) -> dict[str, str | int | bool]:
        return dataclasses.asdict(self)

    def replace(self, **changes: str | int | bool) -> MelodyParams:
        # Values come from the table's own validation, so each has its field's type.
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def slug(self) -> str:
        """File-name stem naming key, scale, tempo and seed, then a short hash of every
        parameter, so two parameter sets never share a name: 'D-minor-132bpm-seed7-1a2b3c'."""
        key = self.key.replace("#", "sharp")
        digest = hashlib.sha256(repr(sorted(self.to_dict().items())).encode()).hexdigest()[:6]
        return f"{key}-{self.scale}-{self.tempo}bpm-seed{self.seed}-{digest}"

    @property
    def duration_seconds(self) -> float:
        """Length of the melody in seconds at its tempo."""
        bar_beats = METERS[self.time].bar_beats
        return self.bars * bar_beats * 60.0 / self.tempo

    def summary(self) -> str:
        """One line of the parameters as resolved, with the seed."""
        chords = "chords on" if self.chords else "chords off"
        drafts = f"best of {self.drafts} drafts, " if self.drafts > 1 else ""
        return (
            f"{self.key} {self.scale.replace('_', ' ')}, {self.mood}, {self.tempo} BPM, "
            f"{plural(self.bars, 'bar')} of {self.time}, {self.instrument.replace('_', ' ')}, "
            f"complexity {self.complexity}%, harmony {self.harmonic_density}%, "
            f"repetition {self.repetition}%, syncopation {self.syncopation}%, "
            f"{self.range} range, {self.contour} contour, {self.rhythm} rhythm, {chords}, "
            f"{drafts}seed {self.seed}"
        )


def defaults() -> dict[str, str | int | bool | None]:
    """Each parameter's default from the table."""
    return {p.name: p.default for p in MELODY_PARAMS}


def resolve(
    pairs: Iterable[tuple[str, str]] | Mapping[str, str] = (),
    *,
    random_seed: int | None = None,
) -> MelodyParams:
    """Validate user pairs and build `MelodyParams`: table defaults < mood preset < user.

    A missing seed is drawn at random (or `random_seed` when given) and is
    always part of the result, so it can be reported and replayed.
    """
    if isinstance(pairs, Mapping):
        pairs = list(pairs.items())
    given = MELODY_PARAMS.validate(pairs)
    values = defaults()
    mood = str(given.get("mood", values["mood"]))
    values.update(MOODS[mood])
    values.update(given)
    if values["seed"] is None:
        values["seed"] = random_seed if random_seed is not None else secrets.randbelow(SEED_MAX)
    # The table validated every value, so each has its field's type.
    return MelodyParams(**values)  # type: ignore[arg-type]
