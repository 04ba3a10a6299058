"""The parameter table: aliases, moods as presets, and one-line errors."""

import pytest

from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, MelodyParams, resolve
from engine.theory.instruments import GM_PROGRAM_NAMES
from engine.theory.meters import METERS
from engine.theory.moods import MOODS
from engine.theory.scales import KEYS, SCALES


def test_defaults_match_the_design_table():
    params = resolve({}, random_seed=5)
    assert params == MelodyParams(seed=5)
    assert (params.key, params.scale, params.tempo, params.bars, params.time) == (
        "C",
        "major",
        120,
        8,
        "4/4",
    )


@pytest.mark.parametrize(
    ("alias", "name", "raw", "value"),
    [
        ("mode", "scale", "Dorian", "dorian"),
        ("bpm", "tempo", "90", 90),
        ("duration", "bars", "16", 16),
        ("length", "bars", "4", 4),
        ("meter", "time", "6/8", "6/8"),
        ("harmony", "harmonic_density", "70%", 70),
        ("note_range", "range", "WIDE", "wide"),
        ("rhythm_pattern", "rhythm", "swing", "swing"),
    ],
)
def test_every_alias_sets_its_parameter(alias, name, raw, value):
    assert getattr(resolve({alias: raw}, random_seed=1), name) == value


def test_values_fold_case_dashes_spaces_and_percent():
    params = resolve(
        {
            "scale": "Harmonic-Minor",
            "instrument": "Acoustic Grand Piano",
            "complexity": "66%",
            "key": "db",
            "chords": "OFF",
        },
        random_seed=1,
    )
    assert params.scale == "harmonic_minor"
    assert params.instrument == "acoustic_grand_piano"
    assert params.complexity == 66
    assert params.key == "Db"
    assert params.chords is False


def test_choices_come_from_the_theory_tables():
    assert MELODY_PARAMS["key"].choices == tuple(KEYS)
    assert MELODY_PARAMS["scale"].choices == tuple(SCALES)
    assert MELODY_PARAMS["time"].choices == tuple(METERS)
    assert MELODY_PARAMS["mood"].choices == tuple(MOODS)
    assert set(GM_PROGRAM_NAMES) <= set(MELODY_PARAMS["instrument"].choices)


def test_mood_is_a_preset_and_explicit_parameters_win():
    dramatic = resolve({"mood": "dramatic"}, random_seed=1)
    assert (dramatic.scale, dramatic.tempo, dramatic.complexity, dramatic.syncopation) == (
        "minor",
        132,
        66,
        30,
    )
    overridden = resolve({"mood": "dramatic", "tempo": "90", "scale": "dorian"}, random_seed=1)
    assert (overridden.tempo, overridden.scale, overridden.complexity) == (90, "dorian", 66)


def test_every_mood_preset_holds_valid_values():
    for mood in MOODS:
        params = resolve({"mood": mood}, random_seed=1)
        for name, value in MOODS[mood].items():
            assert getattr(params, name) == value


def test_missing_seed_is_drawn_and_reported():
    params = resolve({})
    assert 0 <= params.seed < 2**31
    assert f"seed {params.seed}" in params.summary()


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ({"sclae": "minor"}, 'Unknown parameter "sclae". Parameters: key, scale,'),
        ({"scale": "majr"}, "scale:majr is not a known scale. Allowed: major, minor,"),
        ({"tempo": "300"}, "tempo:300 is out of range. Allowed: 40–240 BPM."),
        ({"bars": "0"}, "bars:0 is out of range. Allowed: 1–64 bars."),
        ({"complexity": "101%"}, "complexity:101% is out of range. Allowed: 0–100%."),
        ({"tempo": "fast"}, "tempo:fast is not a whole number. Allowed: 40–240 BPM."),
        ({"chords": "maybe"}, "chords:maybe is not on or off. Allowed: on, off (or yes, no"),
    ],
)
def test_bad_values_get_one_line_naming_token_and_allowed(pairs, expected):
    with pytest.raises(ParamError) as caught:
        resolve(pairs)
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_did_you_mean_for_close_names_and_values():
    with pytest.raises(ParamError, match='Did you mean "scale"'):
        resolve({"sclae": "minor"})
    with pytest.raises(ParamError, match='Did you mean "dorian"'):
        resolve({"scale": "dorain"})


def test_repeated_name_through_an_alias_is_an_error():
    with pytest.raises(ParamError, match=r"bars is given twice \(bars:8 and length:16\)"):
        resolve([("bars", "8"), ("length", "16")])


def test_slug_names_key_scale_tempo_and_seed():
    params = resolve({"key": "C#", "scale": "minor", "tempo": "90", "seed": "7"})
    assert params.slug.startswith("Csharp-minor-90bpm-seed7-")


def test_slug_differs_when_any_parameter_differs():
    base = resolve({"seed": "7"})
    others = [base.replace(bars=4), base.replace(instrument="flute"), base.replace(mood="sad")]
    assert len({base.slug, *(p.slug for p in others)}) == 4
    assert resolve({"seed": "7"}).slug == base.slug


@pytest.mark.parametrize("digits", [25, 5000])
def test_a_number_of_thousands_of_digits_is_out_of_range(digits):
    with pytest.raises(ParamError, match=r"out of range\. Allowed: 0–2147483647") as error:
        resolve({"seed": "9" * digits})
    assert len(str(error.value)) < 200


def test_leading_zeros_do_not_make_a_number_too_long():
    assert resolve({"seed": "0" * 5000 + "5"}).seed == 5


@pytest.mark.parametrize("typed", ["B♭", "b♭", "Bb"])
def test_flat_sign_is_accepted(typed):
    assert resolve({"key": typed}, random_seed=1).key == "Bb"


def test_sharp_sign_is_accepted():
    assert resolve({"key": "F♯"}, random_seed=1).key == "F#"


def test_did_you_mean_never_offers_a_different_pitch():
    with pytest.raises(ParamError) as error:
        resolve({"key": "Cb"})
    assert "Did you mean" not in str(error.value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        *[("on", True), ("yes", True), ("true", True), ("1", True), ("y", True), ("Y", True)],
        *[("off", False), ("no", False), ("false", False), ("0", False), ("n", False)],
    ],
)
def test_chords_accepts_the_usual_boolean_spellings(raw, value):
    assert resolve({"chords": raw}, random_seed=1).chords is value


def test_a_long_token_is_quoted_short_without_control_characters():
    with pytest.raises(ParamError) as error:
        resolve({"instrument": "\x1b[31m" + "x" * 2000})
    message = str(error.value)
    assert "instrument:[31mxxx" in message
    assert "…" in message
    assert "\x1b" not in message
    assert len(message) < 400


def test_an_unknown_long_name_is_quoted_short():
    with pytest.raises(ParamError) as error:
        resolve({"y" * 3000: "1"})
    assert len(str(error.value)) < 400


def test_summary_counts_one_bar_in_the_singular():
    assert "1 bar of 4/4" in resolve({"bars": "1"}, random_seed=1).summary()


def test_no_mood_makes_melodies_leapy_by_widening_the_range():
    # Moods change character (mode, tempo, density, rhythm, instrument), not leapiness:
    # a three-octave range is the user's choice only (issue 10: dramatic was arpeggios).
    for mood in MOODS:
        assert resolve({"mood": mood}, random_seed=1).range != "wide", mood
