"""Discord slash-command options derived from a `ParamSchema` (the one parameter table).

Each `Param` becomes one optional, typed option: a choice list when it has at most
25 choices (Discord's limit), autocomplete over its choices when it has more, an
integer with min/max for numbers, a boolean for switches. Descriptions come from
the table's help. The values Discord sends are turned back into `name:value`
text pairs so that they go through the same validation as typed commands.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Collection, Coroutine
from typing import Any, Optional

import discord
from discord import app_commands

from engine.params.schema import Param, ParamSchema, normalize

MAX_CHOICES = 25  # Discord's limit for fixed choices and for autocomplete answers
MAX_DESCRIPTION = 100  # characters, Discord's limit for option descriptions

Callback = Callable[..., Awaitable[None]]


def display(value: str) -> str:
    """How a choice is shown to people: 'harmonic_minor' -> 'harmonic minor'."""
    return value.replace("_", " ")


def describe(param: Param) -> str:
    """The option's description: the table's help, the range for numbers, and the default.

    When that is over Discord's 100 characters, the range goes first (Discord enforces the
    option's min/max itself); only then is the text cut.
    """
    default = f" Default {display(param.default_text)}." if param.default_text is not None else ""
    text = param.help + (f" {param.allowed()}." if param.is_number else "") + default
    if len(text) > MAX_DESCRIPTION:
        text = param.help + default
    if len(text) > MAX_DESCRIPTION:
        text = text[: MAX_DESCRIPTION - 1] + "…"
    return text


def annotation(param: Param, *, required: bool = False) -> Any:
    """The Python type discord.py turns into the option's type; Optional unless required."""
    if param.switch:
        kind: Any = bool
    elif param.is_number:
        kind = app_commands.Range[int, param.minimum, param.maximum]
    else:
        kind = str
    return kind if required else Optional[kind]  # noqa: UP045 (discord.py reads typing.Optional)


def autocomplete_for(
    param: Param,
) -> Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    """Autocomplete over the parameter's choices: prefix matches first, then substrings."""

    async def complete(
        _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = normalize(current)
        starts = [c for c in param.choices if normalize(c).startswith(typed)]
        inside = [c for c in param.choices if typed in normalize(c) and c not in starts]
        return [
            app_commands.Choice(name=display(c), value=c) for c in (starts + inside)[:MAX_CHOICES]
        ]

    return complete


def with_schema_options(
    callback: Callback, schema: ParamSchema, required: Collection[str] = ()
) -> Callback:
    """Give `callback(interaction, **options)` one typed, described option per parameter.

    Options named in `required` must be given (Discord asks for them); the rest are optional.

    discord.py reads the options from the callback's signature and decorator
    attributes; setting `__signature__` lets the table, not hand-written code, define them.
    """
    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    parameters += [
        inspect.Parameter(
            p.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if p.name in required else None,
            annotation=annotation(p, required=p.name in required),
        )
        for p in schema
    ]
    # discord.py reads the options from the callback's signature, so the table sets it.
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback = app_commands.describe(**{p.name: describe(p) for p in schema})(callback)
    fixed = {
        p.name: [app_commands.Choice(name=display(c), value=c) for c in p.choices]
        for p in schema
        if p.choices and len(p.choices) <= MAX_CHOICES
    }
    if fixed:
        callback = app_commands.choices(**fixed)(callback)
    completed = {p.name: autocomplete_for(p) for p in schema if len(p.choices) > MAX_CHOICES}
    if completed:
        callback = app_commands.autocomplete(**completed)(callback)
    return callback


def as_pairs(options: dict[str, Any]) -> list[tuple[str, str]]:
    """Discord's typed option values as the `name:value` text pairs the schema validates."""
    pairs = []
    for name, value in options.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "on" if value else "off"
        pairs.append((name, str(value)))
    return pairs
