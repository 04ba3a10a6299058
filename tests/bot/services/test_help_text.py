"""Help texts come from the parameter tables: every parameter, its values and its default."""

import pytest

from bot.services.games.options import GAME_OPTIONS
from bot.services.help_text import full_param_help, help_topics, param_line, topic_help
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


def test_help_guess_describes_every_action_and_option():
    text = topic_help("guess")
    assert "/guess vote item:… guess:… confidence:… quality:…" in text
    assert "/guess submit <file.mid>" in text
    assert "items: Melodies in the game" in text


@pytest.mark.parametrize(
    ("topic", "expected"), [("items", "2–10 items"), ("vote", "Required: item, guess.")]
)
def test_help_on_a_game_option_or_action(topic, expected):
    assert expected in topic_help(topic)


def test_help_mood_shows_what_each_mood_sets():
    text = topic_help("mood")
    assert "  dramatic: scale minor, tempo 132, complexity 66, syncopation 30" in text
    assert "  neutral: the defaults" in text


def test_extra_words_after_help_are_answered():
    with pytest.raises(ParamError, match=r'^/help takes one topic at a time, not "key scale"'):
        topic_help("key scale")


def test_an_unknown_topic_is_one_line_with_a_suggestion():
    with pytest.raises(ParamError) as caught:
        topic_help("tempi")
    assert "\n" not in str(caught.value)
    assert 'Did you mean "tempo"?' in str(caught.value)


def test_every_offered_topic_is_answered_and_a_typo_is_pointed_to_one():
    topics = help_topics()
    assert {"key", "mood", "guess", "vote", "items"} <= set(topics)
    for topic in topics:  # what Discord's autocomplete offers must never be refused
        assert topic_help(topic).strip()
    with pytest.raises(ParamError, match=r'Did you mean "items"\?'):
        topic_help("itmes")
