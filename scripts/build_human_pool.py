"""Build engine/data/human_pool.json.gz: public-domain human melodies for the listening games.

Reads music21's `oneills1850`, `ryansMammoth` and `airdsAirs` through
scripts/corpus.py (the one corpus reader) and cuts each tune at a phrase end,
as the composer ends its melodies, so the ending cannot tell the sources apart
in a game (the cutting itself is engine/phrase_cut.py, shared with member
submissions): 16 whole bars (or 8) from the first full bar or a later phrase
start, whose last bar has the tonic on the strong beat where the composer's
final note starts (the middle of a 4/4 or 6/8 bar, else the downbeat); that
note is held to the bar's end and what follows it (the pickup to the next
strain) is dropped. Tunes that cannot be cut so are left out. Key, mode and
meter are kept; each tune is moved by whole octaves into the register the
composer uses for the same key (engine.contour.pitch_range). The compact pool
file that `engine.human_pool.load_human_pool` reads is written. Deterministic:
the same corpus gives the same file. Development only (`make human-pool`); the
bot never imports music21.

    python scripts/build_human_pool.py [--limit N]
"""

from __future__ import annotations

import argparse
import string
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.human.phrase_cut import LONGEST_CUT_BARS, Window, excerpt_notes, phrase_windows, shifted
from engine.human.pool import POOL_PATH, excerpt_label, write_pool
from engine.melody import Melody
from engine.params.melody import MELODY_PARAMS, MelodyParams
from engine.theory.meters import METERS
from scripts.corpus import COLLECTIONS, Tune, load_tunes

# A tune is cut to the longest of these that ends well: 16 bars, else 8.
BAR_CHOICES = (LONGEST_CUT_BARS, LONGEST_CUT_BARS // 2)
MIN_NOTES_PER_BAR = 1.5  # fewer means long held notes or a mostly empty transcription
DEFAULT_LIMIT = 400
# Quarter-note BPM when the tune gives none: moderate dance and air speeds, easy to judge.
METER_TEMPO = {"4/4": 112, "3/4": 120, "2/4": 104, "6/8": 144}
TEMPO_RANGE = (60, 176)  # quarter-note BPM a listener can follow


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


def excerpt(tune: Tune, window: Window) -> Melody:
    """The tune's window (engine.phrase_cut), in the composer's register, with provenance."""
    meter = METERS[tune.meter]
    notes = excerpt_notes(tune.notes, meter, tune.pickup, window)
    params = MelodyParams(
        key=tune.key,
        scale=tune.scale,
        time=tune.meter,
        tempo=_tempo(tune),
        bars=window.bars,
        chords=False,
        seed=0,
    )
    provenance = {"title": clean_title(tune.title), "collection": tune.collection}
    if window.first_bar:
        provenance["excerpt"] = excerpt_label(window.first_bar, window.bars)
    return Melody(params, shifted(notes, params), (), provenance)


def cut(tune: Tune) -> Melody | None:
    """The tune cut at a phrase end to 16 or 8 whole bars; None when no cut ends well.

    The longest, then earliest, window of `engine.phrase_cut.phrase_windows` that has
    enough notes wins.
    """
    meter = METERS[tune.meter]
    for window in phrase_windows(tune.notes, tune.key, meter, tune.pickup, tune.bars, BAR_CHOICES):
        melody = excerpt(tune, window)
        if len(melody.notes) >= MIN_NOTES_PER_BAR * window.bars:
            return melody
    return None


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
