"""Build engine/data/human_pool.json.gz: public-domain human melodies for the listening games.

Reads music21's `oneills1850`, `ryansMammoth` and `airdsAirs` through
scripts/corpus.py (the one corpus reader), drops each tune's pickup, cuts it
to 16 whole bars (or 8 when shorter), keeps its key, mode and meter, and
writes the compact pool file that `engine.human_pool.load_human_pool` reads.
Deterministic: the same corpus gives the same file. Development only
(`make human-pool`); the bot never imports music21.

    python scripts/build_human_pool.py [--limit N]
"""

from __future__ import annotations

import argparse
import string
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.human_pool import POOL_PATH, write_pool
from engine.melody import Melody, Note
from engine.params import MELODY_PARAMS, MelodyParams
from engine.theory import METERS
from scripts.corpus import COLLECTIONS, Tune, load_tunes

BAR_CHOICES = (16, 8)  # longest first: a tune is cut to the longest that fits
MIN_NOTES_PER_BAR = 1.5  # fewer means long held notes or a mostly empty transcription
DEFAULT_LIMIT = 400
# Quarter-note BPM when the tune gives none: moderate dance and air speeds, easy to judge.
METER_TEMPO = {"4/4": 112, "3/4": 120, "2/4": 104, "6/8": 144}
TEMPO_RANGE = (60, 176)  # quarter-note BPM a listener can follow
LOWEST, HIGHEST = 55, 91  # G3-G6: octave-shift a tune to sit in this window when it can


def _tempo(tune: Tune) -> int:
    """The tune's own tempo, kept within TEMPO_RANGE (cut-time marks can read as 224 BPM)."""
    param = MELODY_PARAMS["tempo"]
    assert param.minimum is not None and param.maximum is not None
    low, high = max(param.minimum, TEMPO_RANGE[0]), min(param.maximum, TEMPO_RANGE[1])
    return max(low, min(high, tune.tempo or METER_TEMPO[tune.meter]))


def clean_title(title: str) -> str:
    """'THE CREAM POT.' -> 'The Cream Pot': no trailing full stop, no shouting."""
    title = " ".join(title.split()).rstrip(".").strip()
    return string.capwords(title) if title.isupper() else title


def _octave_shift(pitches: list[int]) -> int:
    """Semitones (a multiple of 12) that bring the tune into LOWEST..HIGHEST when possible."""
    shift = 0
    while min(pitches) + shift < LOWEST and max(pitches) + shift + 12 <= HIGHEST:
        shift += 12
    while max(pitches) + shift > HIGHEST and min(pitches) + shift - 12 >= LOWEST:
        shift -= 12
    return shift


def cut(tune: Tune) -> Melody | None:
    """The tune from its first full bar, cut to 16 or 8 whole bars; None if too short or sparse."""
    bar_beats = METERS[tune.meter].bar_beats
    bars = next((b for b in BAR_CHOICES if tune.bars >= b), None)
    if bars is None:
        return None
    end = bars * bar_beats
    notes = []
    for pitch, start, duration in tune.notes:
        begin = start - tune.pickup
        if begin < -1e-6 or begin >= end - 1e-6:
            continue
        notes.append((pitch, round(begin, 6), round(min(duration, end - begin), 6)))
    if len(notes) < MIN_NOTES_PER_BAR * bars:
        return None
    shift = _octave_shift([p for p, _, _ in notes])
    params = MelodyParams(key=tune.key, scale=tune.scale, time=tune.meter, tempo=_tempo(tune),
                          bars=bars, chords=False, seed=0)
    return Melody(params, tuple(Note(p + shift, s, d) for p, s, d in notes), (),
                  {"title": clean_title(tune.title), "collection": tune.collection})


def select(tunes: list[Tune], limit: int) -> list[Melody]:
    """Up to `limit` cut tunes, one per title, taken in turn from each collection."""
    by_collection: dict[str, list[Melody]] = {}
    seen: set[str] = set()
    for tune in tunes:
        title = tune.title.casefold()
        melody = cut(tune) if title not in seen else None
        if melody is not None:
            seen.add(title)
            by_collection.setdefault(tune.collection, []).append(melody)
    chosen: list[Melody] = []
    queues = [list(reversed(v)) for v in by_collection.values()]
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop())
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="most tunes to keep")
    parser.add_argument("--out", type=Path, default=POOL_PATH, help="pool file to write")
    args = parser.parse_args()
    melodies = select(load_tunes(COLLECTIONS), args.limit)
    size = write_pool(melodies, args.out)
    counts = Counter(m.provenance["collection"] for m in melodies)
    bars = Counter(m.params.bars for m in melodies)
    meters = Counter(m.params.time for m in melodies)
    scales = Counter(m.params.scale for m in melodies)
    print(f"{len(melodies)} melodies, {size / 1024:.1f} KB -> {args.out}")
    print(f"collections: {dict(counts)}")
    print(f"bars: {dict(bars)}  meters: {dict(meters)}  scales: {dict(scales)}")


if __name__ == "__main__":
    main()
