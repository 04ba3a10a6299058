"""Button data: every parameter survives the trip through a ≤64-byte callback_data."""

from __future__ import annotations

import pytest

from bot.telegram.codec import STALE_BUTTON, decode_params, encode_params
from bot.telegram.keyboards import melody_keyboard
from engine.params import MELODY_PARAMS, SEED_MAX, ParamError, resolve


def _extreme(last: bool):
    """Every parameter at its first or its last allowed value."""
    values = {}
    for p in MELODY_PARAMS:
        if p.switch:
            values[p.name] = "on" if last else "off"
        elif p.is_number:
            values[p.name] = str(p.maximum if last else p.minimum)
        else:
            values[p.name] = p.choices[-1 if last else 0]
    return resolve(values)


@pytest.mark.parametrize("params", [
    _extreme(last=True), _extreme(last=False),
    resolve({"key": "D", "scale": "minor", "mood": "dramatic", "seed": "7"}),
    resolve({"instrument": "acoustic_grand_piano", "time": "6/8", "seed": str(SEED_MAX)}),
])
def test_parameters_round_trip_through_buttons_of_at_most_64_bytes(params):
    assert decode_params(encode_params(params)) == params
    keyboard = melody_keyboard(params, variation=999)
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert [b.text.split()[-1] for b in buttons] == ["New", "Variation"]
    assert all(len(b.callback_data.encode()) <= 64 for b in buttons)


def test_button_from_another_table_is_refused_with_a_clear_message():
    code = encode_params(resolve({"seed": "1"}))
    with pytest.raises(ParamError, match="older version"):
        decode_params("zz" + code[2:])
    assert "/melody" in STALE_BUTTON
