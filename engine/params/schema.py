"""A generic parameter schema: named, typed, validated `name:value` parameters.

`Param` declares one parameter (aliases, choices or a numeric range, a default,
one line of help); `ParamSchema` validates user pairs against a tuple of them.
The melody table (`engine.params.melody`) and the `/guess` options are schemas.

Public API: `Param`, `ParamSchema`, `normalize`, `did_you_mean`, `SWITCH_VALUES`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.errors import ParamError

SWITCH_VALUES = {"on": True, "off": False, "yes": True, "no": False, "true": True, "false": False}


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
            raise ParamError(f"{token} is not a whole number. Allowed: {self.allowed()}.", token)
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
