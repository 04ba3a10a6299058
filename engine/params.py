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
import difflib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine.instruments import INSTRUMENTS
from engine.moods import MOODS
from engine.theory import KEYS, METERS, SCALES

SEED_MAX = 2**31 - 1

# Octaves of pitch span for each `range` choice.
RANGE_OCTAVES: dict[str, int] = {"narrow": 1, "medium": 2, "wide": 3}

CONTOURS = ("balanced", "ascending", "descending", "arch", "valley", "wave")
RHYTHMS = ("standard", "straight", "dotted", "swing", "triplet", "sparse")
SWITCH_VALUES = {"on": True, "off": False, "yes": True, "no": False, "true": True, "false": False}


class ParamError(ValueError):
    """Bad user input. `str(error)` is the one-line message a user sees."""

    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.token = token


def normalize(text: str) -> str:
    """Case-fold and treat '-', '_' and spaces alike, so 'Harmonic-Minor' == 'harmonic_minor'."""
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' Did you mean "x"?' for the closest option, or '' when nothing is close."""
    by_normal = {normalize(o): o for o in options}
    close = difflib.get_close_matches(normalize(word), list(by_normal), n=1, cutoff=0.6)
    return f' Did you mean "{by_normal[close[0]]}"?' if close else ""


def _allowed_list(choices: tuple[str, ...], limit: int = 20) -> str:
    if len(choices) <= limit:
        return ", ".join(choices)
    return ", ".join(choices[:limit]) + f", … ({len(choices)} in all)"


@dataclass(frozen=True)
class Param:
    """One user-facing parameter.

    Exactly one of `choices` (named values) or `minimum`/`maximum` (whole
    numbers) is set. `unit` is shown after numbers ('BPM', '%', 'bars').
    `switch` marks on/off parameters, whose value is a bool.
    """

    name: str
    help: str
    default: str | int | bool | None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""
    aliases: tuple[str, ...] = ()
    switch: bool = False
    default_label: str | None = None  # shown instead of a None default, e.g. the seed's "random"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def is_number(self) -> bool:
        return self.minimum is not None

    @property
    def default_text(self) -> str | None:
        """The default as help shows it ('on', '50%', 'random'), or None when there is none."""
        if self.default is None:
            return self.default_label
        if self.switch:
            return "on" if self.default else "off"
        return f"{self.default}{'%' if self.unit == '%' else ''}"

    def allowed(self) -> str:
        """What may be given, for help texts and error messages."""
        if self.switch:
            return "on, off"
        if self.is_number:
            unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
            return f"{self.minimum}–{self.maximum}{unit}"
        return _allowed_list(self.choices)

    def parse(self, raw: str) -> str | int | bool:
        """Validate one raw value; raise ParamError naming the token and what is allowed."""
        token = f"{self.name}:{raw}"
        if self.switch:
            value = SWITCH_VALUES.get(normalize(raw))
            if value is None:
                raise ParamError(f"{token} is not on or off. Allowed: on, off.", token)
            return value
        if self.is_number:
            return self._parse_number(raw, token)
        by_normal = {normalize(c): c for c in self.choices}
        choice = by_normal.get(normalize(raw))
        if choice is None:
            raise ParamError(
                f"{token} is not a known {self.name}. Allowed: {self.allowed()}."
                + did_you_mean(raw, self.choices),
                token,
            )
        return choice

    def _parse_number(self, raw: str, token: str) -> int:
        text = raw.strip().removesuffix("%").strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ParamError(
                f"{token} is not a whole number. Allowed: {self.allowed()}.", token
            )
        value = int(text)
        assert self.minimum is not None and self.maximum is not None
        if not self.minimum <= value <= self.maximum:
            raise ParamError(f"{token} is out of range. Allowed: {self.allowed()}.", token)
        return value


@dataclass(frozen=True)
class ParamSchema:
    """An ordered set of parameters that validates `name:value` pairs as a whole."""

    params: tuple[Param, ...]
    _by_name: dict[str, Param] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {normalize(n): p for p in self.params for n in p.names}
        object.__setattr__(self, "_by_name", index)

    def __getitem__(self, name: str) -> Param:
        return self._by_name[normalize(name)]

    def __iter__(self):
        return iter(self.params)

    def lookup(self, name: str) -> Param:
        """The parameter called `name` (or an alias), or a ParamError with a did-you-mean."""
        param = self._by_name.get(normalize(name))
        if param is None:
            all_names = [n for p in self.params for n in p.names]
            raise ParamError(
                f'Unknown parameter "{name}". Parameters: '
                f"{', '.join(p.name for p in self.params)}." + did_you_mean(name, all_names),
                name,
            )
        return param

    def validate(self, pairs: Iterable[tuple[str, str]]) -> dict[str, str | int | bool]:
        """Parse (name, raw value) pairs; reject unknown names, bad values and repeats."""
        given: dict[str, str | int | bool] = {}
        first_token: dict[str, str] = {}
        for name, raw in pairs:
            param = self.lookup(name)
            token = f"{name}:{raw}"
            if param.name in given:
                raise ParamError(
                    f"{param.name} is given twice ({first_token[param.name]} and {token}). "
                    "Give each parameter once.",
                    token,
                )
            given[param.name] = param.parse(raw)
            first_token[param.name] = token
        return given


def _percent(name: str, default: int, help_text: str, aliases: tuple[str, ...] = ()) -> Param:
    return Param(name, help_text, default, minimum=0, maximum=100, unit="%", aliases=aliases)


MELODY_PARAMS = ParamSchema((
    Param("key", "Tonic of the melody.", "C", choices=tuple(KEYS)),
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
    _percent("syncopation", 20, "Share of notes that start off the beat."),
    Param("range", "Pitch span: narrow 1 octave, medium 2, wide 3.", "medium",
          choices=tuple(RANGE_OCTAVES), aliases=("note_range",)),
    Param("contour", "Overall melodic shape.", "balanced", choices=CONTOURS),
    Param("rhythm", "Rhythmic feel.", "standard", choices=RHYTHMS, aliases=("rhythm_pattern",)),
    Param("chords", "Write the chord progression as a second track.", True, switch=True),
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
    chords: bool = True
    seed: int = 0

    def to_dict(self) -> dict[str, str | int | bool]:
        return dataclasses.asdict(self)

    def replace(self, **changes: str | int | bool) -> MelodyParams:
        return dataclasses.replace(self, **changes)

    @property
    def slug(self) -> str:
        """File-name stem naming key, scale, tempo and seed, e.g. 'D-minor-132bpm-seed7'."""
        key = self.key.replace("#", "sharp")
        return f"{key}-{self.scale}-{self.tempo}bpm-seed{self.seed}"

    @property
    def duration_seconds(self) -> float:
        """Length of the melody in seconds at its tempo."""
        bar_beats = METERS[self.time].bar_beats
        return self.bars * bar_beats * 60.0 / self.tempo

    def summary(self) -> str:
        """One line of the parameters as resolved, with the seed."""
        chords = "chords on" if self.chords else "chords off"
        return (
            f"{self.key} {self.scale.replace('_', ' ')}, {self.mood}, {self.tempo} BPM, "
            f"{self.bars} bars of {self.time}, {self.instrument.replace('_', ' ')}, "
            f"complexity {self.complexity}%, harmony {self.harmonic_density}%, "
            f"repetition {self.repetition}%, syncopation {self.syncopation}%, "
            f"{self.range} range, {self.contour} contour, {self.rhythm} rhythm, {chords}, "
            f"seed {self.seed}"
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
    return MelodyParams(**values)  # type: ignore[arg-type]
