"""The one command grammar: `name:value` tokens separated by spaces.

A value with spaces is quoted (`scale:"harmonic minor"`). Names and values are
case-insensitive; validation (unknown names and values, ranges, repeats,
did-you-mean) is the schema's job in `engine.params`. This parser serves the
CLI, the console and Telegram; Discord's typed options go through the same
schema.
"""

from __future__ import annotations

from engine.errors import ParamError
from engine.params.schema import ParamSchema, quoted

QUOTES = "\"'“”‘’"
_CLOSING = {"“": "”", "‘": "’"}


def split_tokens(text: str) -> list[str]:
    """Split on spaces outside quotes, keeping `name:"a b"` as one token `name:a b`.

    Raises ParamError on an unbalanced quote.
    """
    tokens: list[str] = []
    current: list[str] = []
    quote = ""
    started = False
    for char in text:
        if quote:
            if char == quote:
                quote = ""
            else:
                current.append(char)
        elif char in QUOTES:
            quote = _CLOSING.get(char, char)
            started = True
        elif char.isspace():
            if started:
                tokens.append("".join(current))
                current, started = [], False
        else:
            current.append(char)
            started = True
    if quote:
        raise ParamError(
            f'Unbalanced quote in "{quoted(text.strip())}". Close it: name:"value with spaces".',
            text,
        )
    if started:
        tokens.append("".join(current))
    return tokens


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """`key:D scale:"harmonic minor"` -> [('key', 'D'), ('scale', 'harmonic minor')]."""
    pairs = []
    for token in split_tokens(text):
        name, sep, value = token.partition(":")
        if sep and name.strip() and not value.strip():
            # `key: D`: the space after the colon split the value off.
            raise ParamError(
                f"No value after {quoted(name.strip())}:. Write name:value with no space, "
                "e.g. key:D.",
                token,
            )
        if not sep or not name.strip():
            raise ParamError(
                f'"{quoted(token)}" is not name:value. Write parameters as name:value, e.g. key:D.',
                token,
            )
        pairs.append((name.strip(), value.strip()))
    return pairs


def parse_command(text: str, schema: ParamSchema) -> dict[str, str | int | bool]:
    """Parse and validate a command's arguments against a schema."""
    return schema.validate(parse_pairs(text))


def split_command(line: str) -> tuple[str, str]:
    """'/melody@MyBot key:D' -> ('melody', 'key:D'), dropping a Telegram group's bot mention."""
    head, _, rest = line.strip().partition(" ")
    name = head.lstrip("/").split("@", 1)[0].lower()
    return name, rest.strip()
