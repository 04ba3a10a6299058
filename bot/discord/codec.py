"""Melody parameters packed into a button's custom_id (Discord allows 100 characters).

Each parameter of `engine.params.MELODY_PARAMS` becomes one digit of a mixed-radix
integer (a choice is its index, a number its offset from the minimum, a switch 0/1),
written in base 36: about 21 characters for all sixteen parameters, seed included.
So a New or Variation button carries everything needed to rebuild the melody, and
still works after the bot restarts, with nothing stored. Two characters of a
fingerprint of the table go first, so a button made before the table changed is
refused rather than decoded into different parameters. Decoding goes through
`engine.params.resolve`, the same validation as typed input.
"""

from __future__ import annotations

import hashlib
import string

from engine.params import MELODY_PARAMS, MelodyParams, Param, ParamError, resolve

DIGITS = string.digits + string.ascii_lowercase
STALE_BUTTON = "This button is from an older version of the bot. Send /melody again."


def _fingerprint() -> str:
    """Two base-36 characters that change whenever names, choices or ranges change."""
    shape = repr([(p.name, p.choices, p.minimum, p.maximum, p.switch) for p in MELODY_PARAMS])
    value = int.from_bytes(hashlib.sha256(shape.encode()).digest()[:2], "big") % 36**2
    return DIGITS[value // 36] + DIGITS[value % 36]


def _radix(param: Param) -> int:
    if param.switch:
        return 2
    if param.is_number:
        assert param.minimum is not None and param.maximum is not None
        return param.maximum - param.minimum + 1
    return len(param.choices)


def _digit(param: Param, value: str | int | bool) -> int:
    if param.switch:
        return int(bool(value))
    if param.is_number:
        assert param.minimum is not None
        return int(value) - param.minimum
    return param.choices.index(str(value))


def _raw_value(param: Param, digit: int) -> str:
    """The digit back as the text a user would type, so `resolve` validates it."""
    if param.switch:
        return "on" if digit else "off"
    if param.is_number:
        assert param.minimum is not None
        return str(param.minimum + digit)
    return param.choices[digit]


def encode_params(params: MelodyParams) -> str:
    """`params` as a short base-36 string."""
    number = 0
    values = params.to_dict()
    for param in reversed(MELODY_PARAMS.params):
        number = number * _radix(param) + _digit(param, values[param.name])
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = DIGITS[remainder] + text
        if not number:
            return _fingerprint() + text


def decode_params(text: str, *, new_seed: bool = False) -> MelodyParams:
    """Inverse of `encode_params`; `new_seed` drops the seed so a fresh one is drawn.

    Raises ParamError (STALE_BUTTON) when the text does not decode to valid parameters.
    """
    if not text.startswith(_fingerprint()):
        raise ParamError(STALE_BUTTON)
    try:
        number = int(text[2:], 36)
    except ValueError:
        raise ParamError(STALE_BUTTON) from None
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
