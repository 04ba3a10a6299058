"""Help texts come from the parameter tables: every parameter, its values and its default."""

import pytest

from bot.services.games.options import GAME_OPTIONS
from bot.services.help_text import full_param_help, param_line
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS
from engine.theory.instruments import INSTRUMENTS


def test_every_parameter_line_names_aliases_values_and_default():
    lines = {p.name: param_line(p) for p in MELODY_PARAMS}
    assert "bars (also duration, length)" in lines["bars"]
    assert "Values: 40–240 BPM. Default: 120." in lines["tempo"]
    assert "Default: 50%." in lines["complexity"]
    assert "Default: on." in lines["chords"]
    assert "Default: random, always reported." in lines["seed"]
    assert f"{len(INSTRUMENTS)} in all: /help instrument" in lines["instrument"]


def test_an_option_without_default_does_not_claim_one():
    guess = next(p for p in GAME_OPTIONS if p.name == "guess")
    assert "Default" not in param_line(guess)


def test_help_for_one_parameter_lists_every_value():
    text = full_param_help(MELODY_PARAMS, "instrument")
    assert all(name in text for name in INSTRUMENTS)


def test_help_for_an_unknown_parameter_suggests_one():
    with pytest.raises(ParamError, match='Did you mean "instrument"'):
        full_param_help(MELODY_PARAMS, "instrumnet")
