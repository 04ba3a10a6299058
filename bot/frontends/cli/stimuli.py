"""`melodybot stimuli`: a study's stimulus set, written as the games would post it.

    melodybot stimuli --pairs N --seed S --out DIR [--json] [--midi-only]

N human excerpts of the bundled pool and N AI melodies matched to them
(bot.services.games.items `stimulus_pairs`: same key, mode, meter, bars and
tempo; complexity, syncopation, repetition and range set so their measures
match) go to `DIR/<id>.mid`, plus `DIR/<id>.mp3` rendered by the same worker
job as game items unless `--midi-only`, and `DIR/manifest.json`: per item its
id, truth (`ai` or `human`), provenance and the knob measures of both sides of
its pair. Ids are drawn from the seed in shuffled order, so they do not give the
truth away; the same seed gives the same set, byte for byte.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from bot.config import load_settings
from bot.errors import UserError
from bot.frontends.cli.audio import soundfont_or_error
from bot.runtime.jobs import Output, Rendered, Voices, render_job
from bot.runtime.pool import WorkerPool
from bot.services.games.items import StimulusPair, stimulus_pairs
from engine.compose.drafts import knob_measures
from engine.human.pool import excerpt_label
from engine.melody import Melody
from engine.midi import to_midi_bytes

MAX_PAIRS = 1000
RENDER_SECONDS = 120.0  # per item: generous, a 16-bar item renders in about a second


def add_parser(commands: Any) -> None:
    """Register `stimuli` on the `melodybot` subcommands."""
    parser = commands.add_parser(
        "stimuli",
        help="write a study's stimulus set: human excerpts and matched AI melodies",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--pairs", type=int, default=20, help=f"pairs (1-{MAX_PAIRS})")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same set")
    parser.add_argument("--out", type=Path, default=Path("stimuli"), help="output folder")
    parser.add_argument("--json", action="store_true", help="print the manifest on stdout")
    parser.add_argument("--midi-only", action="store_true", help="write only the .mid files")


def _human_provenance(source: Melody) -> dict[str, Any]:
    p = source.params
    return {
        "collection": source.provenance.get("collection", ""),
        "title": source.provenance.get("title", ""),
        "bars": source.provenance.get("excerpt") or excerpt_label(0, p.bars),
        "key": p.key,
        "scale": p.scale,
        "time": p.time,
        "tempo": p.tempo,
    }


def manifest(pairs: list[StimulusPair], seed: int) -> tuple[list[dict[str, Any]], list[Melody]]:
    """Manifest entries and their items, in shuffled id order (ids 's001', 's002', ...)."""
    rows: list[tuple[dict[str, Any], Melody]] = []
    for index, pair in enumerate(pairs):
        measures = {"human": knob_measures(pair.human), "ai": knob_measures(pair.ai)}
        ai_params = pair.ai_params.to_dict()
        rows.append(
            (
                {
                    "truth": "human",
                    "pair": index,
                    "provenance": _human_provenance(pair.human_source),
                },
                pair.human,
            )
        )
        rows.append(
            (
                {
                    "truth": "ai",
                    "pair": index,
                    "provenance": {"params": ai_params, "seed": pair.ai_params.seed},
                },
                pair.ai,
            )
        )
        for entry, _ in rows[-2:]:
            entry["measures"] = measures
    # Seeded so the same --seed gives the same ids; it guards no secret.
    random.Random(f"melodybot/stimuli-ids/{seed}").shuffle(rows)  # noqa: S311
    ids = {id(entry): f"s{n + 1:03d}" for n, (entry, _) in enumerate(rows)}
    partner: dict[int, list[str]] = {}
    for entry, _ in rows:
        partner.setdefault(entry["pair"], []).append(ids[id(entry)])
    entries = []
    for entry, _ in rows:
        own = ids[id(entry)]
        other = next(i for i in partner[entry.pop("pair")] if i != own)
        entries.append({"id": own, **entry, "pair": other})
    return entries, [item for _, item in rows]


async def _render(items: list[Melody], soundfont: Path) -> list[Rendered]:
    """Every item through the games' render job, in a warm pool on every core."""
    workers = max(1, min(len(items), os.cpu_count() or 1))
    async with WorkerPool(
        workers=workers,
        soundfont=soundfont,
        queue_size=len(items),
        cache_entries=0,
        job_timeout=RENDER_SECONDS,
    ) as pool:
        # As game items: the melody alone, no picture (a stimulus's score would give it away).
        jobs = (
            pool.submit(render_job, item, Voices.MELODY_ONLY, Output.AUDIO_ONLY) for item in items
        )
        return list(await asyncio.gather(*jobs))


def run(args: argparse.Namespace) -> int:
    """Write the stimulus set; bad options raise a UserError (one line, status 2)."""
    if not 1 <= args.pairs <= MAX_PAIRS:
        raise UserError(f"--pairs {args.pairs} is out of range. Allowed: 1–{MAX_PAIRS}.")
    if args.seed < 0:
        raise UserError(f"--seed {args.seed} is out of range. Allowed: 0 or more.")
    soundfont = None if args.midi_only else soundfont_or_error(load_settings().soundfont_path)
    entries, items = manifest(stimulus_pairs(args.pairs, args.seed), args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    rendered = asyncio.run(_render(items, soundfont)) if soundfont is not None else None
    for index, (entry, item) in enumerate(zip(entries, items, strict=True)):
        midi = rendered[index].midi if rendered else to_midi_bytes(item)
        files = {"mid": f"{entry['id']}.mid"}
        (args.out / files["mid"]).write_bytes(midi)
        if rendered and rendered[index].mp3 is not None:
            files["mp3"] = f"{entry['id']}.mp3"
            (args.out / files["mp3"]).write_bytes(rendered[index].mp3)
        entry["files"] = files
    document = {"seed": args.seed, "pairs": args.pairs, "items": entries}
    text = json.dumps(document, indent=2, sort_keys=True)
    (args.out / "manifest.json").write_text(text + "\n")
    if args.json:
        sys.stdout.write(text + "\n")
    else:
        print(f"{len(entries)} items ({args.pairs} pairs) in {args.out}, manifest.json beside them")
    return 0
