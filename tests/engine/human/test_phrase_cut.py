"""Cutting a melody at a phrase end (engine.phrase_cut): where it closes, what is kept, and
the register it is moved into."""

from __future__ import annotations

from engine.compose.contour import pitch_range
from engine.human.phrase_cut import (
    Window,
    close_on_tonic,
    closing_note,
    closing_offset,
    excerpt_notes,
    octave_shift,
    phrase_windows,
    shifted,
)
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS

FOUR = METERS["4/4"]
THREE = METERS["3/4"]


def _quarters(pitches: list[int], start: float = 0.0) -> list[tuple[int, float, float]]:
    return [(p, start + i, 1.0) for i, p in enumerate(pitches)]


def test_the_closing_note_is_the_tonic_where_the_composer_ends_held_at_least_a_pulse():
    closes = _quarters([64, 62, 60, 60])  # C on beat 3 of a 4/4 bar, then another beat
    assert closing_offset(FOUR) == 2.0
    assert closing_note(closes, "C", FOUR, 0.0, 0, 1) == 2
    assert closing_note(_quarters([64, 62, 62, 60]), "C", FOUR, 0.0, 0, 1) is None  # D there
    passing = [(64, 0, 1), (62, 1, 1), (60, 2, 0.5), (62, 2.5, 1.5)]  # C for half a beat only
    assert closing_note(passing, "C", FOUR, 0.0, 0, 1) is None
    # 3/4 closes on the downbeat of the window's last bar, counted after a one-beat pickup
    waltz = [(55, 0, 1), *_quarters([67, 69, 71], 1.0), (67, 4.0, 3.0)]
    assert closing_note(waltz, "G", THREE, 1.0, 0, 2) == 4


def test_windows_come_longest_first_then_earliest_and_start_on_phrase_starts():
    notes = [
        *_quarters([60, 62, 64, 65] * 3 + [64, 62, 60, 60]),  # bar 4 closes on C
        *_quarters([62, 64, 65, 67] * 3 + [67, 65, 60, 64], 16.0),
    ]  # bar 8 too
    windows = list(phrase_windows(notes, "C", FOUR, 0.0, 8, (8, 4)))
    assert windows == [Window(0, 8, 30), Window(0, 4, 14), Window(4, 4, 30)]


def test_an_excerpt_ends_on_its_closing_note_held_to_the_bar_end_pickups_dropped():
    notes = [(55, 0.0, 1.0), *_quarters([60, 62, 64, 65, 64, 62, 60, 62, 64], 1.0)]
    kept = excerpt_notes(notes, FOUR, 1.0, Window(0, 2, 7))
    assert kept == [*_quarters([60, 62, 64, 65, 64, 62]), (60, 6.0, 2.0)]  # not the D, E after


def test_a_melody_without_a_phrase_end_is_closed_on_the_nearest_tonic_where_the_composer_ends():
    notes = [(60, 0, 1), (64, 1, 1), (67, 2, 1), (71, 3, 1), (72, 4, 1), (74, 5, 3)]
    # The D crossing beat 3 of bar 2 is shortened; the C above takes over, held to the end.
    assert close_on_tonic(notes, "C", FOUR, 0.0, 0, 2) == [
        (60, 0, 1),
        (64, 1, 1),
        (67, 2, 1),
        (71, 3, 1),
        (72, 4, 1),
        (74, 5, 1),
        (72, 6, 2),
    ]


def test_a_melody_is_moved_by_octaves_into_the_composers_register_for_its_key():
    params = MelodyParams(key="G")
    low, high = pitch_range(params)
    high_fiddle = [79, 83, 86, 91]
    assert octave_shift(high_fiddle, params) == -12
    moved = [n.pitch for n in shifted([(p, i, 1.0) for i, p in enumerate(high_fiddle)], params)]
    assert moved == [67, 71, 74, 79]
    assert abs(sum(moved) / len(moved) - (low + high) / 2) <= 6
    assert octave_shift([low, high], params) == 0


def test_no_shift_takes_a_pitch_outside_midi_and_the_closing_tonic_stays_inside():
    params = MelodyParams(key="C")
    assert octave_shift([0, 127, 127, 127], params) == 0  # -12 or -24 would suit the mean
    assert close_on_tonic([(127, 0, 4.0), (127, 4, 4.0)], "C", FOUR, 0.0, 0, 2)[-1] == (
        120,
        6.0,
        2.0,
    )  # the C above G9 would be note 132
