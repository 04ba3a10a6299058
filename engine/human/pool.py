"""The bundled pool of public-domain human melodies for the listening games.

`engine/data/human_pool.json.gz` is written by `scripts/build_human_pool.py`
from music21's folk-tune collections. Each entry keeps the tune's title and
collection (shown at the reveal), its key, mode, meter, tempo and whole-bar
length, the tune's bar the excerpt starts at (`first_bar`, 0-based after the
pickup; provenance `excerpt`, e.g. "bars 9-16", when not 0), and its notes as a
flat list of integers: pitch, start and duration, the times in units of
1/`UNITS_PER_BEAT` of a quarter-note beat. Every tune is cut at a phrase end
(engine.phrase_cut, shared with member submissions): its last note is the tonic
where the composer's final note starts, held to the end of the last bar.

Public API: `load_human_pool`, `encode_entry`, `decode_entry`, `excerpt_label`, `write_pool`,
`POOL_PATH`, `UNITS_PER_BEAT`.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

from engine.melody import Melody, Note
from engine.params.melody import MelodyParams

POOL_PATH = Path(__file__).parent / "data" / "human_pool.json.gz"
UNITS_PER_BEAT = 24  # divides sixteenths (6), triplet eighths (8) and thirty-seconds (3)
POOL_INSTRUMENT = "piano"  # games render both sources with the same instrument


def excerpt_label(first_bar: int, bars: int) -> str:
    """'bars 9-16' for the excerpt of `bars` bars from the tune's bar `first_bar` (0-based)."""
    return f"bars {first_bar + 1}-{first_bar + bars}"


def _first_bar(provenance: dict[str, str]) -> int:
    """The 0-based first bar named by an `excerpt_label`, 0 when there is none."""
    label = provenance.get("excerpt", "")
    return int(label.removeprefix("bars ").split("-")[0]) - 1 if label else 0


def encode_entry(melody: Melody) -> dict[str, Any]:
    """A melody as a compact JSON-ready dict (times rounded to the unit grid)."""
    p = melody.params
    flat: list[int] = []
    for n in melody.notes:
        flat += [n.pitch, round(n.start * UNITS_PER_BEAT), round(n.duration * UNITS_PER_BEAT)]
    return {
        "title": melody.provenance.get("title", ""),
        "collection": melody.provenance.get("collection", ""),
        "key": p.key,
        "scale": p.scale,
        "time": p.time,
        "tempo": p.tempo,
        "bars": p.bars,
        "first_bar": _first_bar(melody.provenance),
        "notes": flat,
    }


def decode_entry(entry: dict[str, Any]) -> Melody:
    """The Melody of one pool entry: chords off, provenance title and collection."""
    params = MelodyParams(
        key=entry["key"],
        scale=entry["scale"],
        time=entry["time"],
        tempo=entry["tempo"],
        bars=entry["bars"],
        instrument=POOL_INSTRUMENT,
        chords=False,
        seed=0,
    )
    flat = entry["notes"]
    notes = tuple(
        Note(flat[i], flat[i + 1] / UNITS_PER_BEAT, flat[i + 2] / UNITS_PER_BEAT)
        for i in range(0, len(flat), 3)
    )
    provenance = {"title": entry["title"], "collection": entry["collection"]}
    if entry.get("first_bar"):
        provenance["excerpt"] = excerpt_label(entry["first_bar"], entry["bars"])
    return Melody(params, notes, (), provenance)


@functools.cache
def _load(path: Path) -> tuple[Melody, ...]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return tuple(decode_entry(entry) for entry in json.load(handle))


def load_human_pool(path: Path = POOL_PATH) -> list[Melody]:
    """Every bundled human melody (read once per process, then cached)."""
    return list(_load(path))


def write_pool(melodies: list[Melody], path: Path = POOL_PATH) -> int:
    """Write the pool file deterministically (no time stamp in the gzip header); return bytes."""
    text = json.dumps([encode_entry(m) for m in melodies], separators=(",", ":"))
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    return path.stat().st_size
