"""Melody parameters packed into a short button id, for every front end's New/Variation buttons.

Each parameter of `engine.params.MELODY_PARAMS` becomes one digit of a mixed-radix
integer (a choice is its index, a number its offset from the minimum, a switch 0/1),
written in base 36 with the characters 0-9 and a-z: about 21 characters for all sixteen
parameters, seed included. That fits both Discord's custom_id (≤ 100 characters) and
Telegram's callback_data (≤ 64 bytes) with room for an action prefix, so a button carries
everything needed to rebuild the melody, and still works after the bot restarts, with
nothing stored. Two characters of a fingerprint of the table go first, so a button made
before the table changed is refused rather than decoded into different parameters.
Decoding goes through `engine.params.resolve`, the same validation as typed input.

The longest code the table can produce is `MAX_CODE_CHARS` characters; with variation
numbers capped at `MAX_VARIATION`, every button id has a known worst case that
tests/bot/test_param_codec.py checks against both platforms' limits.

Public API: `encode_params`, `decode_params`, `STALE_BUTTON`, `CODE_CHARACTERS`,
`MAX_VARIATION`, `MAX_CODE_CHARS`.
"""

from __future__ import annotations

import hashlib
import string

from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, MelodyParams, resolve
from engine.params.schema import Param

__all__ = [
    "CODE_CHARACTERS",
    "MAX_CODE_CHARS",
    "MAX_VARIATION",
    "STALE_BUTTON",
    "decode_params",
    "encode_params",
]

CODE_CHARACTERS = string.digits + string.ascii_lowercase  # the base-36 digits, in order
STALE_BUTTON = "This button is from an older version of the bot. Send /melody again."
_BASE = len(CODE_CHARACTERS)
# The highest variation a button offers; Variation pressed on it offers the same again.
# Keeps button ids short; nobody presses Variation a thousand times.
MAX_VARIATION = 999


# A parameter's value as the table validated it.
ParamValue = str | int | bool


def _fingerprint() -> str:
    """Two base-36 characters that change whenever names, choices or ranges change."""
    shape = repr([(p.name, p.choices, p.minimum, p.maximum, p.switch) for p in MELODY_PARAMS])
    value = int.from_bytes(hashlib.sha256(shape.encode()).digest()[:2], "big") % _BASE**2
    return CODE_CHARACTERS[value // _BASE] + CODE_CHARACTERS[value % _BASE]


def _radix(param: Param) -> int:
    if param.switch:
        return 2
    if param.minimum is not None and param.maximum is not None:  # a number
        return param.maximum - param.minimum + 1
    return len(param.choices)


def _digit(param: Param, value: ParamValue) -> int:
    if param.switch:
        return int(bool(value))
    if param.minimum is not None:  # a number
        return int(value) - param.minimum
    return param.choices.index(str(value))


def _raw_value(param: Param, digit: int) -> str:
    """The digit back as the text a user would type, so `resolve` validates it."""
    if param.switch:
        return "on" if digit else "off"
    if param.minimum is not None:  # a number
        return str(param.minimum + digit)
    return param.choices[digit]


def encode_params(params: MelodyParams) -> str:
    """`params` as a short string of `CODE_CHARACTERS` (fingerprint + packed digits)."""
    number = 0
    values = params.to_dict()
    for param in reversed(MELODY_PARAMS.params):
        number = number * _radix(param) + _digit(param, values[param.name])
    text = ""
    while True:
        number, remainder = divmod(number, _BASE)
        text = CODE_CHARACTERS[remainder] + text
        if not number:
            return _fingerprint() + text


def decode_params(code: str, *, new_seed: bool = False) -> MelodyParams:
    """Inverse of `encode_params`; `new_seed` drops the seed so a fresh one is drawn.

    Raises ParamError (STALE_BUTTON) when the code does not decode to valid parameters.
    """
    body = code[2:]
    # int(…, 36) would also take capitals, signs and '_': only our own digits are accepted.
    if not code.startswith(_fingerprint()) or not body or body.strip(CODE_CHARACTERS):
        raise ParamError(STALE_BUTTON)
    number = int(body, _BASE)
    pairs: list[tuple[str, str]] = []
    for param in MELODY_PARAMS.params:
        number, digit = divmod(number, _radix(param))
        if not (new_seed and param.name == "seed"):
            pairs.append((param.name, _raw_value(param, digit)))
    if number:
        raise ParamError(STALE_BUTTON)
    try:
        return resolve(pairs)
    except ParamError:
        raise ParamError(STALE_BUTTON) from None


def _max_code_chars() -> int:
    """Characters of the longest code: fingerprint plus every digit at its largest value."""
    largest = 1
    for param in MELODY_PARAMS.params:
        largest *= _radix(param)
    digits = 1
    while _BASE**digits < largest:
        digits += 1
    return 2 + digits


MAX_CODE_CHARS = _max_code_chars()
