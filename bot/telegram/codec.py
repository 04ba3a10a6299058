"""Melody parameters packed small enough for a Telegram button's callback_data (≤ 64 bytes).

Every parameter of `engine.params.MELODY_PARAMS` is a digit of one mixed-radix
integer: a choice is its index, a number its offset from the minimum, a switch
0 or 1. All sixteen parameters, seed included, take about 100 bits, i.e. 17
URL-safe base64 characters, so nothing has to be stored to rebuild the exact
melody from a button press. A short fingerprint of the table goes first: a
button made before the table changed is refused instead of decoding into
different parameters.
"""

from __future__ import annotations

import base64
import hashlib

from engine.params import MELODY_PARAMS, MelodyParams, Param, ParamError

STALE_BUTTON = "This button is from an older version of the bot. Send /melody again."


def _radix(param: Param) -> int:
    if param.switch:
        return 2
    if param.is_number:
        assert param.minimum is not None and param.maximum is not None
        return param.maximum - param.minimum + 1
    return len(param.choices)


def _fingerprint() -> str:
    """Two characters that change whenever the table's names, choices or ranges change."""
    shape = repr([(p.name, p.choices, p.minimum, p.maximum, p.switch) for p in MELODY_PARAMS])
    return base64.urlsafe_b64encode(hashlib.sha256(shape.encode()).digest())[:2].decode()


def _digit(param: Param, value: str | int | bool) -> int:
    if param.switch:
        return int(bool(value))
    if param.is_number:
        assert param.minimum is not None
        return int(value) - param.minimum
    return param.choices.index(str(value))


def _value(param: Param, digit: int) -> str | int | bool:
    if param.switch:
        return bool(digit)
    if param.is_number:
        assert param.minimum is not None
        return param.minimum + digit
    return param.choices[digit]


def encode_params(params: MelodyParams) -> str:
    """`params` as ~19 URL-safe characters (fingerprint + packed digits)."""
    number = 0
    values = params.to_dict()
    for param in reversed(MELODY_PARAMS.params):
        number = number * _radix(param) + _digit(param, values[param.name])
    raw = number.to_bytes((number.bit_length() + 7) // 8 or 1, "big")
    return _fingerprint() + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_params(code: str) -> MelodyParams:
    """The parameters `encode_params` packed; ParamError(STALE_BUTTON) if they can't be read."""
    if not code.startswith(_fingerprint()):
        raise ParamError(STALE_BUTTON)
    body = code[2:]
    try:
        number = int.from_bytes(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)), "big")
    except ValueError as error:
        raise ParamError(STALE_BUTTON) from error
    values: dict[str, str | int | bool] = {}
    for param in MELODY_PARAMS.params:
        number, digit = divmod(number, _radix(param))
        values[param.name] = _value(param, digit)
    if number:
        raise ParamError(STALE_BUTTON)
    return MelodyParams(**values)  # type: ignore[arg-type]
