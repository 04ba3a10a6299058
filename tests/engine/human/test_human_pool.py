"""The bundled human-melody pool: enough public-domain tunes, whole bars, provenance kept,
and every tune cut at a phrase end the way the composer ends its melodies."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.compose.composer import compose
from engine.compose.contour import pitch_range
from engine.human.phrase_cut import closing_offset
from engine.human.pool import POOL_PATH, decode_entry, encode_entry, load_human_pool, write_pool
from engine.melody import Melody, Note
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS, SCALES
from scripts.build_human_pool import DEFAULT_LIMIT, cut, select
from scripts.corpus import COLLECTIONS as CORPUS_COLLECTIONS
from scripts.corpus import DEFAULT_CACHE, Tune, load_tunes

COLLECTIONS = {"oneills1850", "ryansMammoth", "airdsAirs"}
STRONG = 2  # engine.viewpoints.strength of a downbeat or a 4/4 or 6/8 bar's middle


def test_pool_has_at_least_300_tunes_from_the_three_collections():
    pool = load_human_pool()
    assert len(pool) >= 300
    assert {m.provenance["collection"] for m in pool} == COLLECTIONS
    assert all(m.provenance["title"] for m in pool)
    counts = Counter(m.provenance["collection"] for m in pool)
    assert max(counts.values()) - min(counts.values()) <= 1  # taken in turn from each


def test_every_tune_ends_on_its_tonic_on_a_strong_beat_held_to_the_end_of_the_last_bar():
    for melody in load_human_pool():
        last = melody.notes[-1]
        bar_beats = melody.meter.bar_beats
        where = f"{melody.provenance['title']} ({melody.provenance['collection']})"
        assert (last.pitch - KEYS[melody.params.key]) % 12 == 0, where
        assert last.start >= melody.total_beats - bar_beats, where  # in the last bar
        assert strength(melody.meter, last.start % bar_beats) == STRONG, where
        # ... exactly where the composer's final note starts, so its length matches too
        assert last.start == melody.total_beats - bar_beats + closing_offset(melody.meter), where
        assert abs(last.end - melody.total_beats) < 1e-9, where
        assert melody.notes[0].start == 0, where  # and it starts on a downbeat, as AI items do


def test_every_tune_sits_within_half_an_octave_of_the_composers_register_for_its_key():
    for melody in load_human_pool():
        low, high = pitch_range(melody.params)
        mean = sum(n.pitch for n in melody.notes) / len(melody.notes)
        assert abs(mean - (low + high) / 2) <= 6, melody.provenance["title"]


def test_pool_tunes_close_where_the_composers_melodies_close():
    assert {name: closing_offset(meter) for name, meter in METERS.items()} == {
        "4/4": 2.0,
        "6/8": 1.5,
        "3/4": 0.0,
        "2/4": 0.0,
    }
    for name, meter in METERS.items():
        for seed in (1, 2):  # at the games' default complexity, as game items are composed
            ai = compose(MelodyParams(time=name, bars=8, chords=False, seed=seed))
            last = ai.notes[-1]
            assert last.start == ai.total_beats - meter.bar_beats + closing_offset(meter), name
            assert last.end == ai.total_beats


def test_a_later_excerpt_names_its_bars():
    later = [m for m in load_human_pool() if "excerpt" in m.provenance]
    assert later, "some tunes are cut from a later phrase start"
    for melody in later:
        first, last = melody.provenance["excerpt"].removeprefix("bars ").split("-")
        assert int(last) - int(first) + 1 == melody.params.bars


def _reel(bars: int, last_bars: list[list[tuple[int, float, float]]]) -> Tune:
    """A G major 4/4 tune with a one-beat pickup: quarter notes on D, then `last_bars`
    (pitch, beat in bar, duration) closing bars 8, 16, ... in turn."""
    notes = [(62, 0.0, 1.0)]
    endings = iter(last_bars)
    for bar in range(bars):
        origin = 1.0 + bar * 4
        if (bar + 1) % 8 == 0:
            notes += [(p, origin + s, d) for p, s, d in next(endings)]
        else:
            notes += [(62 + (bar + beat) % 5, origin + beat, 1.0) for beat in range(4)]
    return Tune("THE TEST REEL.", "oneills1850", "G", "major", "4/4", None, 1.0, tuple(notes))


def test_a_tune_is_cut_after_its_closing_tonic_which_is_held_to_the_bar_end():
    # Bar 16 closes on G at the middle of the bar, then a pickup (D, E) into the repeat.
    tune = _reel(
        16,
        [
            [(62, 0, 2), (66, 2, 2)],
            [(71, 0, 1), (69, 1, 1), (67, 2, 1), (62, 3, 0.5), (64, 3.5, 0.5)],
        ],
    )
    melody = cut(tune)
    assert melody is not None and melody.params.bars == 16
    assert melody.notes[-1] == Note(67, 62.0, 2.0)  # G on beat 3 of bar 16, to the bar end
    assert melody.provenance == {"title": "The Test Reel", "collection": "oneills1850"}


def test_a_tune_stopping_mid_phrase_is_cut_at_its_earlier_phrase_end():
    # Bar 16 ends on F# (no cadence), bar 8 on a held G: the 8-bar cut is taken.
    tune = _reel(16, [[(71, 0, 2), (67, 2, 2)], [(69, 0, 2), (66, 2, 2)]])
    melody = cut(tune)
    assert melody is not None and melody.params.bars == 8
    assert melody.notes[-1] == Note(67, 30.0, 2.0)


def test_a_tune_without_a_phrase_end_on_the_tonic_is_left_out():
    # A passing G off the strong beats, and a G on beat 3 followed at once by more notes.
    tune = _reel(16, [[(66, 0, 2), (67, 3, 1)], [(67, 2, 0.5), (69, 2.5, 1.5)]])
    assert cut(tune) is None


def test_every_tune_is_8_or_16_whole_bars_in_a_supported_key_mode_and_meter():
    for melody in load_human_pool():
        p = melody.params
        assert p.bars in (8, 16)
        assert p.key in KEYS and p.scale in SCALES and p.time in METERS
        assert not p.chords and not melody.chords
        end = melody.total_beats
        assert all(0 <= n.start < end and n.end <= end + 1e-9 for n in melody.notes)
        assert len(melody.notes) >= 12


def test_entries_round_trip_through_the_compact_format(tmp_path):
    melody = Melody(
        MelodyParams(key="Bb", scale="dorian", time="6/8", tempo=144, bars=8, chords=False),
        (Note(70, 0.0, 0.5), Note(72, 0.5, 1 / 3), Note(74, 5 / 6, 1.0)),
        (),
        {"title": "The Test Jig", "collection": "oneills1850", "excerpt": "bars 5-12"},
    )
    again = decode_entry(encode_entry(melody))
    assert again.notes == melody.notes
    assert again.provenance == melody.provenance
    assert (again.params.key, again.params.scale, again.params.time) == ("Bb", "dorian", "6/8")
    path = tmp_path / "pool.json.gz"
    write_pool([melody], path)
    first = path.read_bytes()
    write_pool([melody], path)
    assert path.read_bytes() == first  # deterministic file, no time stamp
    assert load_human_pool(path)[0].provenance["title"] == "The Test Jig"


def test_rebuilding_the_pool_from_the_corpus_gives_the_bundled_file_byte_for_byte(tmp_path):
    # Needs the parsed corpus (scripts/corpus.py's JSON cache): parsing music21 takes minutes.
    cache = DEFAULT_CACHE.with_name(f"{DEFAULT_CACHE.stem}-{'+'.join(CORPUS_COLLECTIONS)}.json")
    if not cache.exists():
        pytest.skip(f"no parsed corpus at {cache} (run `make human-pool` once to make it)")
    rebuilt = tmp_path / POOL_PATH.name  # gzip keeps the file name in its header
    write_pool(select(load_tunes(CORPUS_COLLECTIONS), DEFAULT_LIMIT), rebuilt)
    assert rebuilt.read_bytes() == POOL_PATH.read_bytes()
