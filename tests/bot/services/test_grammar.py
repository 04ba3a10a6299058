"""The one command grammar: tokens, quotes and command names."""

import pytest

from bot.services.grammar import parse_pairs, split_command, split_tokens
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, resolve


def test_quoted_values_keep_their_spaces():
    assert parse_pairs("key:D scale:\"harmonic minor\" instrument:'pan flute'") == [
        ("key", "D"),
        ("scale", "harmonic minor"),
        ("instrument", "pan flute"),
    ]


def test_design_example_resolves():
    params = resolve(parse_pairs("key:D scale:minor mood:dramatic tempo:132 bars:16"))
    assert (params.key, params.scale, params.mood, params.tempo, params.bars) == (
        "D",
        "minor",
        "dramatic",
        132,
        16,
    )


def test_unbalanced_quote_is_one_line():
    with pytest.raises(ParamError) as caught:
        split_tokens('scale:"harmonic minor')
    assert "Unbalanced quote" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["dramatic", ":D"])
def test_token_without_name_and_value_is_refused(text):
    with pytest.raises(ParamError, match="is not name:value"):
        parse_pairs(text)


def test_repeated_name_is_refused_through_the_schema():
    with pytest.raises(ParamError, match="given twice"):
        MELODY_PARAMS.validate(parse_pairs("tempo:90 bpm:100"))


def test_split_command_drops_bot_mention():
    assert split_command("/melody@MelodyBot key:D  bars:4") == ("melody", "key:D  bars:4")
    assert split_command("/HELP") == ("help", "")


def test_a_space_after_the_colon_says_no_value():
    with pytest.raises(ParamError, match=r"^No value after key:\."):
        parse_pairs("key: D")


def test_a_long_bare_word_is_quoted_short():
    with pytest.raises(ParamError) as caught:
        parse_pairs("\x07" + "z" * 3000)
    message = str(caught.value)
    assert "\x07" not in message
    assert "…" in message
    assert len(message) < 200


def test_a_long_unbalanced_quote_is_quoted_short():
    with pytest.raises(ParamError) as caught:
        split_tokens('key:"' + "q" * 3000)
    assert len(str(caught.value)) < 200
