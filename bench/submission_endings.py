"""Submissions as game items: do member melodies still give their source away by how they end?

    .venv/bin/python bench/submission_endings.py [--count N] [--no-write]

Simulated submissions: public-domain tunes of the corpus (scripts/corpus.py's
JSON cache, so music21 is parsed once; development only) that the bundled pool
does not use, written as a member's MIDI file would be: from the first full
bar, cut blindly at a bar line after 8, 10, 12, 16 or 20 bars (mostly
mid-phrase), in the fiddle register as written. Each goes through
`engine.submission.read_submission` (cut at a phrase end, or closed on the
tonic, in the composer's register) and `as_game_item`, against an AI item
composed as a game does. "As uploaded" is the same file played without the
phrase cut (the treatment before: first 16 bars, register as written). Cues
and AUCs are bench/item_endings.py's. The figures go to bench/RESULTS.md under
"## Submission endings".
"""

from __future__ import annotations

import argparse
import datetime
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section
from item_endings import CUES, STRONG_CUE, separation, verdict

from bot.services.games.items import as_game_item, matched_ai_params
from engine.compose.composer import compose
from engine.errors import MidiRejected
from engine.human.pool import load_human_pool
from engine.human.submission import MIN_NOTES, read_submission
from engine.melody import Melody, Note
from engine.midi import to_midi_bytes
from engine.params.melody import MELODY_PARAMS, MelodyParams
from engine.theory.meters import METERS
from scripts.build_human_pool import clean_title
from scripts.corpus import COLLECTIONS, Tune, load_tunes

UPLOAD_BARS = (8, 10, 12, 16, 20)  # where a member's file stops, in turn: mostly mid-phrase
SEED_BASE = 9_000  # AI item i gets seed SEED_BASE + i: the figures are reproducible
DEFAULT_COUNT = 200


def as_uploaded(tune: Tune, bars: int) -> Melody | None:
    """The tune from its first full bar, cut blindly after `bars` bars, as a member's file."""
    meter = METERS[tune.meter]
    end = bars * meter.bar_beats
    notes = tuple(
        Note(p, round(s - tune.pickup, 6), round(min(d, end - s + tune.pickup), 6))
        for p, s, d in tune.notes
        if tune.pickup - 1e-6 <= s < tune.pickup + end
    )
    if len(notes) < MIN_NOTES or tune.bars < bars:
        return None
    tempo = MELODY_PARAMS["tempo"]
    assert tempo.minimum is not None and tempo.maximum is not None
    params = MelodyParams(
        key=tune.key,
        scale=tune.scale,
        time=tune.meter,
        bars=bars,
        tempo=max(tempo.minimum, min(tempo.maximum, tune.tempo or 120)),
        chords=False,
        seed=0,
    )
    return Melody(params, notes)


def measure(count: int) -> dict:
    used = {m.provenance["title"].casefold() for m in load_human_pool()}
    tunes = [t for t in load_tunes(COLLECTIONS) if clean_title(t.title).casefold() not in used]
    uploads = []
    for tune in tunes:
        upload = as_uploaded(tune, UPLOAD_BARS[len(uploads) % len(UPLOAD_BARS)])
        if upload is not None:
            uploads.append(upload)
        if len(uploads) == count:
            break
    ai, before, after, kinds, seconds = [], [], [], Counter(), []
    for index, upload in enumerate(uploads):
        data = to_midi_bytes(upload)
        started = time.perf_counter()
        try:
            melody = read_submission(data)
        except MidiRejected as error:  # counted, not expected: limits are checked upstream
            kinds[f"refused: {error}"] += 1
            continue
        seconds.append(time.perf_counter() - started)
        kinds[
            "closed on the tonic" if "ending" in melody.provenance else "cut at a phrase end"
        ] += 1
        seed = SEED_BASE + index
        ai.append(as_game_item(compose(matched_ai_params(melody.params, seed)), seed))
        after.append(as_game_item(melody, seed))
        before.append(as_game_item(upload, seed))
    rows = []
    for name, cue in CUES.items():
        ai_values = [cue(m) for m in ai]
        old, new = [cue(m) for m in before], [cue(m) for m in after]
        rows.append(
            {
                "cue": name,
                "ai": np.mean(ai_values),
                "old": np.mean(old),
                "old_auc": separation(ai_values, old),
                "new": np.mean(new),
                "auc": separation(ai_values, new),
            }
        )
    return {
        "uploads": len(uploads),
        "kinds": kinds,
        "rows": rows,
        "ms": 1000 * float(np.mean(seconds)),
        "ms_max": 1000 * max(seconds),
    }


def section(figures: dict) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    kinds = ", ".join(f"{kind} {n}" for kind, n in figures["kinds"].most_common())
    lines = [
        "## Submission endings",
        "",
        f"Member submissions as game items ({now}, {platform.machine()}, Python "
        f"{platform.python_version()}; `bench/submission_endings.py`): {figures['uploads']} "
        f"simulated uploads (corpus tunes not in the pool, cut blindly after "
        f"{'/'.join(map(str, UPLOAD_BARS))} bars, register as written), each against an AI "
        "item composed as a game does. As uploaded = played without the phrase cut (before); "
        "read = through `read_submission` (now). Means per item; AUC of the cue alone "
        "(folded: 0.5 = no cue, 1.0 = a giveaway).",
        "",
        f"How they were read: {kinds}. `read_submission`: {figures['ms']:.1f} ms mean, "
        f"{figures['ms_max']:.1f} ms max per file.",
        "",
        "| cue | AI | as uploaded | AUC, as uploaded | read | AUC, read | cue? |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in figures["rows"]:
        lines.append(
            f"| {row['cue']} | {row['ai']:.2f} | {row['old']:.2f} | "
            f"{row['old_auc']:.2f} | {row['new']:.2f} | {row['auc']:.2f} | "
            f"{verdict(row['auc'])} |"
        )
    strong = [row["cue"] for row in figures["rows"] if row["auc"] >= STRONG_CUE]
    lines += [
        "",
        "Cues that still separate read submissions strongly: "
        f"{', '.join(strong) if strong else 'none'}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="simulated uploads")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    text = section(measure(args.count))
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
