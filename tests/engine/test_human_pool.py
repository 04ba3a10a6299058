"""The bundled human-melody pool: enough public-domain tunes, whole bars, provenance kept."""

from __future__ import annotations

from collections import Counter

from engine.human_pool import decode_entry, encode_entry, load_human_pool, write_pool
from engine.melody import Melody, Note
from engine.params import MelodyParams
from engine.theory import KEYS, METERS, SCALES

COLLECTIONS = {"oneills1850", "ryansMammoth", "airdsAirs"}


def test_pool_has_at_least_300_tunes_from_the_three_collections():
    pool = load_human_pool()
    assert len(pool) >= 300
    assert {m.provenance["collection"] for m in pool} == COLLECTIONS
    assert all(m.provenance["title"] for m in pool)
    assert max(Counter(m.provenance["collection"] for m in pool).values()) < len(pool)


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
    melody = Melody(MelodyParams(key="Bb", scale="dorian", time="6/8", tempo=144, bars=8,
                                 chords=False),
                    (Note(70, 0.0, 0.5), Note(72, 0.5, 1 / 3), Note(74, 5 / 6, 1.0)), (),
                    {"title": "The Test Jig", "collection": "oneills1850"})
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
