"""Button ids carry the whole melody: they decode to the same parameters on every platform.

One codec (`bot.param_codec`) serves Discord's custom_id (≤ 100 characters) and
Telegram's callback_data (≤ 64 bytes); the buttons each adapter builds are checked
against their platform's limit here.
"""

from __future__ import annotations

import pytest

from bot.frontends.discord.melody_buttons import MAX_VARIATION, melody_buttons
from bot.frontends.discord.melody_reply import PICTURE
from bot.frontends.telegram.keyboards import MAX_CALLBACK_BYTES, melody_keyboard, vote_keyboard
from bot.services.games.options import LETTERS
from bot.services.param_codec import MAX_CODE_CHARS, STALE_BUTTON, decode_params, encode_params
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, SEED_MAX, MelodyParams, resolve

DISCORD_CUSTOM_ID_LIMIT = 100  # characters
SQLITE_MAX_ID = 2**63 - 1  # the largest game id SQLite can hand out


def _extreme(last: bool) -> MelodyParams:
    """Every parameter at its first or its last allowed value."""
    values = {}
    for p in MELODY_PARAMS:
        if p.switch:
            values[p.name] = "on" if last else "off"
        elif p.is_number:
            values[p.name] = str(p.maximum if last else p.minimum)
        else:
            values[p.name] = p.choices[-1 if last else 0]
    return resolve(values, random_seed=1)


EXAMPLES = [
    _extreme(last=True),
    _extreme(last=False),
    resolve({"key": "D", "scale": "minor", "mood": "dramatic", "seed": "7"}),
    resolve({"instrument": "acoustic_grand_piano", "time": "6/8", "seed": str(SEED_MAX)}),
]


@pytest.mark.parametrize("params", EXAMPLES)
def test_parameters_round_trip(params: MelodyParams) -> None:
    assert decode_params(encode_params(params)) == params


@pytest.mark.parametrize("picture", PICTURE.choices)
@pytest.mark.parametrize("params", EXAMPLES)
def test_discord_buttons_fit_the_custom_id_limit(params: MelodyParams, picture: str) -> None:
    view = melody_buttons(params, variation=MAX_VARIATION, picture=picture)
    ids = [item.custom_id for item in view.children]  # type: ignore[attr-defined]
    assert [i.split(":")[0] for i in ids] == ["mnew", "mvar"]
    assert all(len(i) <= DISCORD_CUSTOM_ID_LIMIT for i in ids)
    # The picture rides along only when it is not the default, so older ids stay valid.
    assert all(i.endswith(f":{picture}") == (picture != PICTURE.default) for i in ids)


@pytest.mark.parametrize("params", EXAMPLES)
def test_telegram_buttons_fit_the_callback_data_limit(params: MelodyParams) -> None:
    keyboard = melody_keyboard(params, variation=999)
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert [b.text.split()[-1] for b in buttons] == ["New", "Variation", "Files"]
    assert all(len(b.callback_data.encode()) <= MAX_CALLBACK_BYTES for b in buttons)


def test_new_seed_keeps_everything_else() -> None:
    params = resolve({"key": "D", "scale": "minor", "mood": "dramatic", "seed": "7"})
    fresh = decode_params(encode_params(params), new_seed=True)
    assert fresh.replace(seed=7) == params


@pytest.mark.parametrize(
    "code",
    [
        "",
        "zz",
        "!!",
        encode_params(resolve({"seed": "2"})) + "0000000",  # more digits than the table holds
        encode_params(resolve({"seed": "1"})).upper(),  # int(…, 36) alone would accept it
        "zz" + encode_params(resolve({"seed": "1"}))[2:],  # a button from another table
    ],
)
def test_garbage_and_stale_buttons_are_refused_with_a_clear_message(code: str) -> None:
    with pytest.raises(ParamError, match=STALE_BUTTON):
        decode_params(code)
    assert "/melody" in STALE_BUTTON


def test_the_longest_code_is_known_and_every_telegram_button_fits_in_the_worst_case() -> None:
    """No input can push callback_data past 64 bytes: parameters, variation and ids are bounded."""
    assert len(encode_params(_extreme(last=True))) == MAX_CODE_CHARS
    keyboard = melody_keyboard(_extreme(last=True), variation=10**9)  # pressed very often
    variation = keyboard.inline_keyboard[0][1].callback_data
    assert variation.split(":")[1] == str(MAX_VARIATION)
    assert decode_params(variation.split(":")[2]) == _extreme(last=True)
    game = vote_keyboard(SQLITE_MAX_ID, LETTERS[-1])
    datas = [
        b.callback_data for row in [*keyboard.inline_keyboard, *game.inline_keyboard] for b in row
    ]
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in datas)
    assert f"gv:{SQLITE_MAX_ID}:{LETTERS[-1]}:human" in datas
