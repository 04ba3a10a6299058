"""Issue 12 on the console: settings as a member and as the admin, profiles, a submission's
authorship statement, a seeded game, its results split by role, and the export folder.

The same script, seeded, gives the README's sample results table.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
from pathlib import Path

import mido

from bot.config import Settings
from bot.frontends.console import serve
from bot.wiring import open_services, worker_pool

VOTERS = ("ann", "bob", "cat", "dan", "eve", "fay")
PROFILES = {
    "ann": "experience:3y+ role:producer",
    "bob": "experience:1-3y role:producer",
    "cat": "experience:hobby role:musician",
    "dan": "experience:none role:listener",
    "eve": "experience:1-3y role:musician",
}  # fay never answers


def study_script(tune: Path) -> str:
    """Settings, profiles, a submission, one game of four items voted by six members."""
    lines = [
        "/guess settings default_items:4 default_minutes:30",
        "@ann /guess settings starters:admins",
        *(f"@{name} /guess profile {answer}" for name, answer in PROFILES.items()),
        f"@ann /guess submit {tune}",
        f"@ann /guess submit {tune} authorship:own",
        "/guess start",
    ]
    for n, name in enumerate(VOTERS):
        for k, item in enumerate("ABCD"):
            guess = "ai" if (n + k) % 3 else "human"
            lines.append(
                f"@{name} /guess vote item:{item} guess:{guess} confidence:{1 + (n + 2 * k) % 5} "
                f"quality:{1 + (3 * n + k) % 5}"
            )
    lines += ["/guess close", "/guess results scope:all by:role", "/guess export scope:all"]
    return "\n".join(lines) + "\n"


def write_tune(path: Path) -> Path:
    """A member's own one-track MIDI file."""
    track = mido.MidiTrack()
    for pitch in [67, 69, 71, 72, 74, 72, 71, 69] * 2:
        track += [
            mido.Message("note_on", note=pitch, velocity=80, time=0),
            mido.Message("note_off", note=pitch, time=480),
        ]
    midi = mido.MidiFile(ticks_per_beat=480)
    midi.tracks.append(track)
    midi.save(path)
    return path


async def run_seeded(tmp_path: Path, seed: int = 2026) -> str:
    """The console's output for `study_script`, its games' items drawn by a seeded rng."""
    settings = Settings(database_path=tmp_path / "bot.db", out_dir=tmp_path / "out", workers=2)
    out = io.StringIO()
    async with (
        worker_pool(settings) as pool,
        open_services(pool, settings, rng=random.Random(seed)) as services,
    ):
        script = study_script(write_tune(tmp_path / "waltz.mid"))
        await serve(services, asyncio.Event(), source=io.StringIO(script), out=out)
    return out.getvalue()


async def test_a_study_on_the_console(tmp_path):
    text = await run_seeded(tmp_path)
    lines = text.splitlines()
    assert lines[0] == "Settings saved."
    assert "  default_items: 4" in lines and "  default_minutes: 30" in lines
    assert "Only an admin can change this chat's game settings." in lines
    assert "Your profile is set: experience 3y+, role producer." in text
    assert (
        "/guess submit needs authorship:. For example: /guess submit authorship:own (you "
        'wrote it) or authorship:public_domain source:"where it comes from".'
    ) in lines
    assert "Stated: written by the submitter." in text
    assert text.count("Your vote on ") == len(VOTERS) * 4
    assert "All games in this chat (1 with votes)" in text
    # 6 participants and 24 judgements: enough to test across participants.
    assert "Across participants vs 50%" in text and "Too few to test" not in text
    assert "Calibration: confidence → accuracy (95% CI)" in text
    assert "Quality by source (1–5): AI " in text
    assert "By role: accuracy (95% CI), participants, judgements" in text
    assert "  producer    " in text and "  no profile  " in text
    # The export is a folder of four files on the console.
    folder = tmp_path / "out" / "study-terminal-all"
    assert sorted(p.name for p in folder.iterdir()) == [
        "codebook.json",
        "items.csv",
        "participants.csv",
        "votes.csv",
    ]
    votes = list(csv.DictReader((folder / "votes.csv").open(encoding="utf-8")))
    assert len(votes) == 24 and {v["shown_position"] for v in votes} == {"1", "2", "3", "4"}
    participants = list(csv.DictReader((folder / "participants.csv").open(encoding="utf-8")))
    assert len(participants) == 6
    assert sum(p["role"] == "" for p in participants) == 1  # fay never answered
    assert "votes.csv" in json.loads((folder / "codebook.json").read_text())["files"]
    assert "Traceback" not in text
