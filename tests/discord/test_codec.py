"""Button custom_ids carry the whole melody: they decode to the same parameters."""

from __future__ import annotations

import pytest

from bot.discord.codec import STALE_BUTTON, decode_params, encode_params
from engine.params import MELODY_PARAMS, ParamError, resolve

CUSTOM_ID_LIMIT = 100  # characters, Discord's limit


def test_every_extreme_round_trips_within_the_custom_id_limit() -> None:
    lowest = {p.name: (p.choices[0] if p.choices else "off" if p.switch else str(p.minimum))
              for p in MELODY_PARAMS}
    highest = {p.name: (p.choices[-1] if p.choices else "on" if p.switch else str(p.maximum))
               for p in MELODY_PARAMS}
    for pairs in (lowest, highest):
        params = resolve(pairs)
        code = encode_params(params)
        assert decode_params(code) == params
        assert len(f"mvar:999:{code}") <= CUSTOM_ID_LIMIT


def test_new_seed_keeps_everything_else() -> None:
    params = resolve({"key": "D", "scale": "minor", "mood": "dramatic", "seed": "7"})
    fresh = decode_params(encode_params(params), new_seed=True)
    assert fresh.replace(seed=7) == params


@pytest.mark.parametrize("code", ["", "zz", "!!", encode_params(resolve({})) + "0000000"])
def test_garbage_is_refused_with_a_clear_message(code: str) -> None:
    with pytest.raises(ParamError, match=STALE_BUTTON):
        decode_params(code)
