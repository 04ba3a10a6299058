"""A generic parameter schema: named, typed, validated `name:value` parameters.

`Param` declares one parameter (aliases, choices or a numeric range, a default,
one line of help); `ParamSchema` validates user pairs against a tuple of them.
The melody table (`engine.params.melody`) and the `/guess` options are schemas.

Every user token an error message repeats goes through `quoted` (at most
`QUOTE_LIMIT` characters, control characters dropped), so a reply stays short
whatever was typed.

Public API: `Param`, `ParamSchema`, `normalize`, `did_you_mean`, `quoted`, `plural`,
`SWITCH_VALUES`, `QUOTE_LIMIT`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from engine.errors import ParamError

# Every spelling of a switch, declared once; the first pair is what help shows first.
SWITCH_VALUES: dict[str, bool] = {
    "on": True,
    "off": False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "y": True,
    "n": False,
}
QUOTE_LIMIT = 40  # characters of a user's token repeated in an error message
# Longer than any name or value in a table: no did-you-mean is worth comparing it.
SUGGEST_LIMIT = 64
# Digits beyond these cannot be in any range a table declares (2**63 has 19).
MAX_NUMBER_DIGITS = 19
# The accidentals people type, folded to the spelling of the tables ('B♭' == 'Bb').
_ACCIDENTALS = str.maketrans({"♭": "b", "♯": "#"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def quoted(token: str, limit: int = QUOTE_LIMIT) -> str:
    """A user's token as an error message repeats it: control characters dropped, and cut
    to `limit` characters with '…' when longer."""
    clean = _CONTROL.sub("", token)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 bar', '2 bars', '0 notes': a count with its noun, for every message that counts."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def normalize(text: str) -> str:
    """Case-fold and treat '-', '_' and spaces alike, so 'Harmonic-Minor' == 'harmonic_minor'."""
    return re.sub(r"[\s\-_]+", "_", text.translate(_ACCIDENTALS).strip().lower())


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' Did you mean "x"?' for the closest option, or '' when nothing is close (or the word
    is far longer than any option)."""
    if len(word) > SUGGEST_LIMIT:
        return ""
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
    `switch` marks on/off parameters, whose value is a bool (any spelling in
    SWITCH_VALUES). `suggest` is False where a close value means something else
    (keys: 'Cb' is not 'C'), so no did-you-mean is offered.
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
    suggest: bool = True

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
            return "on, off (or " + ", ".join(list(SWITCH_VALUES)[2:]) + ")"
        if self.is_number:
            unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
            return f"{self.minimum}–{self.maximum}{unit}"
        return _allowed_list(self.choices)

    def parse(self, raw: str) -> str | int | bool:
        """Validate one raw value; raise ParamError naming the token and what is allowed."""
        token = f"{self.name}:{quoted(raw)}"
        if self.switch:
            value = SWITCH_VALUES.get(normalize(raw))
            if value is None:
                raise ParamError(f"{token} is not on or off. Allowed: {self.allowed()}.", token)
            return value
        if self.is_number:
            return self._parse_number(raw, token)
        by_normal = {normalize(c): c for c in self.choices}
        choice = by_normal.get(normalize(raw))
        if choice is None:
            raise ParamError(
                f"{token} is not a known {self.name}. Allowed: {self.allowed()}."
                + (did_you_mean(raw, self.choices) if self.suggest else ""),
                token,
            )
        return choice

    def _parse_number(self, raw: str, token: str) -> int:
        text = raw.strip().removesuffix("%").strip()
        if not re.fullmatch(r"[+-]?\d+", text, flags=re.ASCII):
            raise ParamError(f"{token} is not a whole number. Allowed: {self.allowed()}.", token)
        # Thousands of digits would hit Python's int-string limit (and cost time): no range
        # in a table reaches MAX_NUMBER_DIGITS digits, so such a number is out of range.
        digits = text.lstrip("+-").lstrip("0") or "0"
        value = (
            int(digits) * (-1 if text.startswith("-") else 1)
            if len(digits) <= MAX_NUMBER_DIGITS
            else None
        )
        minimum, maximum = self.minimum or 0, self.maximum or 0
        if value is None or not minimum <= value <= maximum:
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

    def __iter__(self) -> Iterator[Param]:
        return iter(self.params)

    def lookup(self, name: str) -> Param:
        """The parameter called `name` (or an alias), or a ParamError with a did-you-mean."""
        param = self._by_name.get(normalize(name))
        if param is None:
            all_names = [n for p in self.params for n in p.names]
            raise ParamError(
                f'Unknown parameter "{quoted(name)}". Parameters: '
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
            token = f"{quoted(name)}:{quoted(raw)}"
            if param.name in given:
                raise ParamError(
                    f"{param.name} is given twice ({first_token[param.name]} and {token}). "
                    "Give each parameter once.",
                    token,
                )
            given[param.name] = param.parse(raw)
            first_token[param.name] = token
        return given
