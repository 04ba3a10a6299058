"""Build engine/data/human_pool.json.gz: public-domain human melodies for the listening games.

Reads music21's `oneills1850`, `ryansMammoth` and `airdsAirs` through
scripts/corpus.py (the one corpus reader) and cuts each tune at a phrase end,
as the composer ends its melodies (so the ending cannot tell the sources
apart in a game): 16 whole bars (or 8) from the first full bar or a later
phrase start, whose last bar has the tonic on the strong beat where the
composer's final note starts (the middle of a 4/4 or 6/8 bar, else the
downbeat); that note is held to the bar's end and what follows it (the pickup to the next strain) is
dropped. Tunes that cannot be cut so are left out. Key, mode and meter are
kept; each tune is moved by whole octaves into the register the composer uses
for the same key (engine.contour.pitch_range). The compact pool file that
`engine.human_pool.load_human_pool` reads is written. Deterministic: the same
corpus gives the same file. Development only (`make human-pool`); the bot never imports music21.

    python scripts/build_human_pool.py [--limit N]
"""

from __future__ import annotations

import argparse
import string
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.contour import pitch_range
from engine.human_pool import POOL_PATH, excerpt_label, write_pool
from engine.melody import Melody, Note
from engine.params import MELODY_PARAMS, MelodyParams
from engine.theory import KEYS, METERS, Meter
from engine.viewpoints import strength
from scripts.corpus import COLLECTIONS, Tune, load_tunes

BAR_CHOICES = (16, 8)  # longest first: a tune is cut to the longest that ends well
PHRASE_BARS = 4  # folk-tune phrases: a window may start every 4 bars after the first full bar
STRONG = 2  # engine.viewpoints.strength of the downbeat and of a 4/4 or 6/8 bar's middle
EPSILON = 1e-6  # beats: corpus times are rounded to 6 decimals
MIN_NOTES_PER_BAR = 1.5  # fewer means long held notes or a mostly empty transcription
DEFAULT_LIMIT = 400
# Quarter-note BPM when the tune gives none: moderate dance and air speeds, easy to judge.
METER_TEMPO = {"4/4": 112, "3/4": 120, "2/4": 104, "6/8": 144}
TEMPO_RANGE = (60, 176)  # quarter-note BPM a listener can follow
OCTAVE_SHIFTS = (0, -12, 12, -24, 24)  # semitones; on a tie the first (nearer the tune) wins


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


def _octave_shift(pitches: list[int], params: MelodyParams) -> int:
    """Semitones (a multiple of 12) that put the tune's mean pitch nearest the middle of the
    range the composer uses for the same parameters, so register does not tell a game's AI
    and human items apart (fiddle tunes otherwise sit ~5 semitones above the AI's melodies)."""
    low, high = pitch_range(params)
    mean = sum(pitches) / len(pitches)
    return min(OCTAVE_SHIFTS, key=lambda shift: abs(mean + shift - (low + high) / 2))


def _onset_at(tune: Tune, beat: float) -> bool:
    """True when a note of the tune starts at `beat` (tune time, beats)."""
    return any(abs(start - beat) < EPSILON for _, start, _ in tune.notes)


def closing_offset(meter: Meter) -> float:
    """Beats into the last bar where the composer's final note starts (engine.rhythm
    `cadence_events` at the games' complexity): the bar's strong middle in 4/4 and 6/8,
    else the downbeat."""
    middle = (meter.pulses // 2) * meter.pulse_beats
    return middle if middle and strength(meter, middle) == STRONG else 0.0


def closing_note(tune: Tune, first_bar: int, bars: int) -> int | None:
    """Index in `tune.notes` of the note that can end the window of `bars` bars from `first_bar`.

    That is the note starting `closing_offset` beats into the window's final bar (where the
    composer's final note starts, a strong beat) when it is the tonic and at least one pulse
    passes before the next onset (a phrase ending, not a passing tonic). Notes after it in that
    bar are a pickup into what follows and are dropped. None when there is no such note.
    """
    meter = METERS[tune.meter]
    last_bar = tune.pickup + (first_bar + bars - 1) * meter.bar_beats
    window_end = last_bar + meter.bar_beats
    closing_start = last_bar + closing_offset(meter)
    tonic = KEYS[tune.key]
    for index, (pitch, start, _) in enumerate(tune.notes):
        if abs(start - closing_start) < EPSILON:
            next_onset = tune.notes[index + 1][1] if index + 1 < len(tune.notes) else window_end
            if (pitch - tonic) % 12 == 0 and next_onset - start >= meter.pulse_beats - EPSILON:
                return index
            return None
    return None


def excerpt(tune: Tune, first_bar: int, bars: int, closing: int) -> Melody:
    """Bars `first_bar`.. of the tune, ending on note `closing` held to the last bar's end."""
    bar_beats = METERS[tune.meter].bar_beats
    origin = tune.pickup + first_bar * bar_beats
    end = bars * bar_beats
    notes = []
    for index, (pitch, start, duration) in enumerate(tune.notes[:closing + 1]):
        begin = start - origin
        if begin < -EPSILON:
            continue  # the pickup into the window, or an earlier phrase
        # Like the composer's final note, the closing note sounds to the end of the bar.
        length = end - begin if index == closing else min(duration, end - begin)
        notes.append((pitch, round(begin, 6), round(length, 6)))
    params = MelodyParams(key=tune.key, scale=tune.scale, time=tune.meter, tempo=_tempo(tune),
                          bars=bars, chords=False, seed=0)
    shift = _octave_shift([p for p, _, _ in notes], params)
    provenance = {"title": clean_title(tune.title), "collection": tune.collection}
    if first_bar:
        provenance["excerpt"] = excerpt_label(first_bar, bars)
    return Melody(params, tuple(Note(p + shift, s, d) for p, s, d in notes), (), provenance)


def cut(tune: Tune) -> Melody | None:
    """The tune cut at a phrase end to 16 or 8 whole bars; None when no cut ends well.

    Windows start on the first full bar or on a later phrase start (every PHRASE_BARS bars)
    with a note on their downbeat; the longest window, then the earliest, whose last bar
    closes on the tonic (`closing_note`) and that has enough notes wins.
    """
    bar_beats = METERS[tune.meter].bar_beats
    for bars in BAR_CHOICES:
        for first_bar in range(0, tune.bars - bars + 1, PHRASE_BARS):
            if not _onset_at(tune, tune.pickup + first_bar * bar_beats):
                continue
            closing = closing_note(tune, first_bar, bars)
            if closing is None:
                continue
            melody = excerpt(tune, first_bar, bars, closing)
            if len(melody.notes) >= MIN_NOTES_PER_BAR * bars:
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
