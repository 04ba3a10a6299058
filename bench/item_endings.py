"""Game items by source: do AI and human items differ in a cue a listener could learn?

    .venv/bin/python bench/item_endings.py [--count N] [--before OLD_POOL.json.gz] [--no-write]

For each tune of the human pool, an AI item is composed as a game makes it
(bot/services/game_items.py: the tune's key, mode, meter, bars, tempo and
instrument, a fresh seed), and both go through `as_game_item`. Then, per
source, simple cues of each item: whether it ends on the tonic, and on a
strong beat; the final note's length (beats); the share of the notes in the
last bar; mean notes per bar; pitch range (semitones); mean pitch (MIDI).
How well one cue alone tells the sources apart is its AUC (Mann-Whitney U
over n_ai x n_human pairs; ties count half), folded so 0.5 is chance and 1.0
a perfect giveaway. `--before` adds the human figures of an older pool file
(e.g. `git show c1929be:engine/data/human_pool.json.gz`). The figures go to
bench/RESULTS.md under "## Game items".
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.stats import mannwhitneyu

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_section

from bot.services.games.items import as_game_item, matched_ai_params
from engine.compose.composer import compose
from engine.human.pool import POOL_PATH, load_human_pool
from engine.melody import Melody
from engine.model.viewpoints import strength
from engine.theory.scales import KEYS

SEED_BASE = 7_000  # AI item i gets seed SEED_BASE + i: the figures are reproducible
STRONG = 2  # engine.viewpoints.strength of a downbeat or a 4/4 or 6/8 bar's middle
STRONG_CUE, WEAK_CUE = 0.75, 0.6  # folded AUC from which a cue separates strongly / somewhat


def ends_on_tonic(melody: Melody) -> float:
    """1 when the last note's pitch class is the key's tonic, else 0."""
    return float((melody.notes[-1].pitch - KEYS[melody.params.key]) % 12 == 0)


def ends_on_strong_beat(melody: Melody) -> float:
    """1 when the last note starts on a downbeat or a 4/4 or 6/8 bar's middle, else 0."""
    bar_beats = melody.meter.bar_beats
    return float(strength(melody.meter, melody.notes[-1].start % bar_beats) == STRONG)


def final_note_beats(melody: Melody) -> float:
    """Length of the last note in beats."""
    return melody.notes[-1].duration


def last_bar_share(melody: Melody) -> float:
    """Share of the notes that start in the last bar."""
    last_bar = melody.total_beats - melody.meter.bar_beats
    return sum(n.start >= last_bar - 1e-9 for n in melody.notes) / len(melody.notes)


def notes_per_bar(melody: Melody) -> float:
    """Mean notes per bar."""
    return len(melody.notes) / melody.params.bars


def pitch_range(melody: Melody) -> float:
    """Highest minus lowest pitch, in semitones."""
    pitches = [n.pitch for n in melody.notes]
    return float(max(pitches) - min(pitches))


def mean_pitch(melody: Melody) -> float:
    """Mean MIDI pitch (register)."""
    return float(np.mean([n.pitch for n in melody.notes]))


CUES: dict[str, Callable[[Melody], float]] = {
    "ends on the tonic (share)": ends_on_tonic,
    "ends on a strong beat (share)": ends_on_strong_beat,
    "final note length (beats)": final_note_beats,
    "notes in the last bar (share)": last_bar_share,
    "notes per bar": notes_per_bar,
    "pitch range (semitones)": pitch_range,
    "mean pitch (MIDI)": mean_pitch,
}


def items(pool: list[Melody]) -> tuple[list[Melody], list[Melody]]:
    """(AI items, human items) as games render them: one matched AI item per human tune."""
    ai, human = [], []
    for index, tune in enumerate(pool):
        seed = SEED_BASE + index
        ai.append(as_game_item(compose(matched_ai_params(tune.params, seed)), seed))
        human.append(as_game_item(tune, seed))
    return ai, human


def separation(ai: list[float], human: list[float]) -> float:
    """Folded AUC of one cue: 0.5 when it says nothing about the source, 1.0 when it decides."""
    if len(set(ai) | set(human)) == 1:
        return 0.5
    auc = mannwhitneyu(ai, human).statistic / (len(ai) * len(human))
    return float(max(auc, 1 - auc))


def verdict(value: float) -> str:
    if value >= STRONG_CUE:
        return "**separates**"
    return "somewhat" if value >= WEAK_CUE else "no"


def measure(count: int | None, before: Path | None) -> dict:
    pool = load_human_pool()[:count] if count else load_human_pool()
    ai, human = items(pool)
    old = load_human_pool(before)[: len(pool)] if before else None
    rows = []
    for name, cue in CUES.items():
        ai_values, human_values = [cue(m) for m in ai], [cue(m) for m in human]
        row = {
            "cue": name,
            "ai": np.mean(ai_values),
            "human": np.mean(human_values),
            "auc": separation(ai_values, human_values),
        }
        if old is not None:
            old_values = [cue(m) for m in old]
            row |= {"old": np.mean(old_values), "old_auc": separation(ai_values, old_values)}
        rows.append(row)
    return {"items": len(pool), "rows": rows, "before": before}


def section(figures: dict) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    before = figures["before"] is not None
    head = "| cue | AI | human | AUC |" + (" human, old pool | AUC, old pool |" if before else "")
    rule = "|---|---|---|---|" + ("---|---|" if before else "") + "---|"
    lines = [
        "## Game items",
        "",
        f"How items end, by source ({now}, {platform.machine()}, Python "
        f"{platform.python_version()}, load average {load:.1f}; `bench/item_endings.py`): "
        f"{figures['items']} human pool tunes and, for each, an AI item composed as a game does "
        "(same key, mode, meter, bars, tempo, instrument). Means per item; AUC of the cue alone "
        "(folded: 0.5 = no cue, 1.0 = a giveaway).",
        "",
        head + " cue? |",
        rule,
    ]
    for row in figures["rows"]:
        cells = [row["cue"], f"{row['ai']:.2f}", f"{row['human']:.2f}", f"{row['auc']:.2f}"]
        if before:
            cells += [f"{row['old']:.2f}", f"{row['old_auc']:.2f}"]
        lines.append("| " + " | ".join([*cells, verdict(row["auc"])]) + " |")
    strong = [row["cue"] for row in figures["rows"] if row["auc"] >= STRONG_CUE]
    strongest = max(figures["rows"], key=lambda row: row["auc"])
    lines += [
        "",
        f"cue?: AUC ≥ {STRONG_CUE} separates, ≥ {WEAK_CUE} somewhat. Cues that still "
        f"separate the sources strongly: {', '.join(strong) if strong else 'none'}; the "
        f"strongest is {strongest['cue']} (AUC {strongest['auc']:.2f}).",
    ]
    if before:
        lines += [
            "",
            f"Old pool: `{figures['before'].name}`, the pool before tunes were cut at "
            "phrase ends and moved into the composer's register (first 8 or 16 bars, "
            "whatever their ending), against the same AI items.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=None, help="pool tunes (default: all)")
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        help="an older pool file to compare (its human figures only)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if args.before is not None and args.before.resolve() == POOL_PATH.resolve():
        parser.error("--before must be another pool file than the bundled one")
    text = section(measure(args.count, args.before))
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
