"""`python -m bot` with no token: the console chat, driven through piped standard input."""

from __future__ import annotations

import asyncio
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import mido
import pytest

from bot.config import Settings
from bot.errors import UserError
from bot.frontends.console import COMPOSING, serve
from bot.frontends.console_files import read_midi_path
from bot.services.games.options import GUESS_ACTIONS
from bot.wiring import open_services, worker_pool
from engine.errors import MidiRejected
from engine.human.submission import MAX_BYTES
from engine.params.melody import MELODY_PARAMS

STUDY_SCRIPT = """\
/guess start items:4
@cat /guess vote item:F guess:ai
@ann /guess vote item:A guess:ai confidence:4 quality:3
@bob /guess vote item:A guess:human
/guess close
/guess results
"""


def run_console(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the launcher as a user would, with a temporary database and output folder.

    It runs in `tmp_path`, so no `.env` of a developer's (with real tokens) is read: an
    empty token in the environment counts as unset, and a `.env` in the folder would win.
    The package is installed editable, so it is importable from anywhere.
    """
    env = {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "bot.db"),
        "OUT_DIR": str(tmp_path / "out"),
        "DISCORD_TOKEN": "",
        "TELEGRAM_TOKEN": "",
        "WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=240,
        check=False,
    )


def _row(output: str, label: str) -> list[str]:
    """Every value printed after `label` in the study tables."""
    return [m.strip() for m in re.findall(rf"^{re.escape(label)}\s+(.*)$", output, re.M)]


def test_the_study_script_prints_a_table_that_matches_the_votes(tmp_path):
    result = run_console(STUDY_SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    truth_a = re.search(r"^A: (AI|HUMAN)", out, re.M)
    assert truth_a, out
    a_is_ai = truth_a[1] == "AI"
    # ann said AI, bob said human: exactly one of them is right, whatever A was.
    assert "item:F is not a known item. Allowed: A, B, C, D." in out.splitlines()
    assert "Your vote on A (AI, confidence 4, quality 3) counted." in out
    assert "Your vote on A (human) counted." in out
    ann, bob = ("1 of 1", "0 of 1") if a_is_ai else ("0 of 1", "1 of 1")
    # Members are shown by the name they typed after @, not by their id.
    assert f"\nann: {ann} right" in out and f"\nbob: {bob} right" in out
    assert "closed by you" in out and "console:" not in out
    # Printed twice: by /guess close and by /guess results.
    assert _row(out, "Judgements") == ["2", "2"]
    assert _row(out, "Detection accuracy") == ["50.0% (1 of 2)"] * 2
    assert _row(out, "Binomial test vs 50%") == ["p = 1.000"] * 2
    assert _row(out, "Mean confidence (1–5)") == ["4.0"] * 2
    ai_row, human_row = (
        ("50.0% (1 of 2)", "– (0 of 0)") if a_is_ai else ("– (0 of 0)", "50.0% (1 of 2)")
    )
    assert _row(out, "Accuracy on AI items") == [ai_row] * 2
    assert _row(out, "Accuracy on human items") == [human_row] * 2
    quality_ai, quality_human = ("3.0", "–") if a_is_ai else ("–", "3.0")
    assert _row(out, "Mean quality AI (1–5)") == [quality_ai] * 2
    assert _row(out, "Mean quality human (1–5)") == [quality_human] * 2
    for letter in "ABCD":
        assert (tmp_path / "out" / f"game-1-{letter}.mp3").stat().st_size > 10_000
    assert (tmp_path / "out" / "game-1-chart.png").read_bytes().startswith(b"\x89PNG")
    db = sqlite3.connect(tmp_path / "bot.db")
    votes = db.execute("SELECT voter, guess, confidence, quality FROM votes ORDER BY voter")
    assert votes.fetchall() == [("console:ann", "ai", 4, 3), ("console:bob", "human", None, None)]
    assert db.execute("SELECT status, closed_by FROM games").fetchall() == [
        ("closed", "console:you")
    ]
    assert db.execute("SELECT id, name FROM members ORDER BY id").fetchall() == [
        ("console:ann", "ann"),
        ("console:bob", "bob"),
        ("console:you", "you"),
    ]
    db.close()


def _write_tune(path: Path) -> Path:
    """A small one-track MIDI file (a member's submission)."""
    track = mido.MidiTrack()
    for pitch in [69, 71, 73, 74] * 4:
        track += [
            mido.Message("note_on", note=pitch, velocity=80, time=0),
            mido.Message("note_off", note=pitch, time=480),
        ]
    midi = mido.MidiFile(ticks_per_beat=480)
    midi.tracks.append(track)
    midi.save(path)
    return path


def _write_oversized(path: Path) -> Path:
    """A MIDI file one byte over the submission limit (past its header, content never matters)."""
    with path.open("wb") as file:
        file.write(b"MThd")
        file.truncate(MAX_BYTES + 1)  # sparse: nothing more is written
    return path


def test_bad_lines_get_one_line_each_and_melody_and_help_work(tmp_path):
    script = (
        "\n".join(
            [
                "/melody key:H",
                "/guess vote item:A guess:ai",
                "@ann /guess close",
                "/guess start items:12",
                "/dance",
                "/guess approve",
                "@ann /guess export scope:all names:on",
                f"@ann /guess submit {_write_tune(tmp_path / 'reel.mid')} authorship:own",
                "/guess approve",
                f"@bob /guess submit {_write_oversized(tmp_path / 'huge.mid')} authorship:own",
                "@ann /guess Forget-Me",
                "/forget",
                "/guess dance",
                "/melody key:D scale:minor bars:2 seed:7",
                "/help",
            ]
        )
        + "\n"
    )
    result = run_console(script, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("key:H is not a known key. Allowed: C, C#, Db")
    assert lines[1] == "No game is open in this chat. Start one with /guess start."
    assert lines[2] == "No game is open in this chat. Start one with /guess start."
    assert lines[3] == "items:12 is out of range. Allowed: 2–10 items."
    assert lines[4] == "Unknown command /dance. Commands: /melody, /guess, /help."
    assert lines[5] == "No submissions are waiting for approval in this chat."
    assert lines[6] == "Only an admin can export members' names (names:on)."
    assert lines[7].startswith('Submission 1 received: "reel"')
    assert lines[8:11] == [
        "Submissions waiting for approval:",
        '  #1 "reel" by ann',
        "Approve one with /guess approve submission:1",
    ]
    # Refused by its size, before more than its header is read.
    assert lines[11] == "The file is 257 KB; a submission may be at most 256 KB."
    # forget_me is spelt as on Discord and Telegram; forget-me and /forget still work.
    assert lines[12] == "Deleted 0 votes, 1 submission and the name shown for you."
    assert lines[13] == "Deleted 0 votes, 0 submissions and the name shown for you."
    assert lines[14] == (
        'Unknown /guess action "dance". Actions: '
        + ", ".join(action.name for action in GUESS_ACTIONS)
        + "."
    )
    assert "seed 7" in result.stdout
    # Every file the job made: audio, MIDI, the score (the default picture), ABC, MusicXML.
    written = {
        p.name.partition(".")[2]: p for p in (tmp_path / "out").glob("D-minor-120bpm-seed7-*")
    }
    assert sorted(written) == ["abc", "mid", "mp3", "musicxml", "score.png"]
    assert all(path.stat().st_size > 0 for path in written.values())
    assert written["score.png"].read_bytes().startswith(b"\x89PNG")
    assert written["abc"].read_text().startswith("X:")
    for param in MELODY_PARAMS:
        assert f"  {param.name}" in result.stdout
    for action in GUESS_ACTIONS:  # /help lists every action with its help
        assert f"  /guess {action.name}" in result.stdout and action.help in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.mid"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("path_text", "expected"),
    [
        ("x" * 300 + ".mid", "file name too long"),
        ("~nosuchuser/x.mid", "no such user's home folder"),
        ("/proc/self/mem", "input/output error"),
        ("/dev/zero", "not a regular file"),
        ("/usr", "not a regular file"),
        ("/no/such/tune.mid", "no such file or directory"),
        ("bad\0name.mid", "not a usable path"),
    ],
)
def test_a_path_that_cannot_be_a_submission_is_one_line(path_text, expected):
    with pytest.raises(UserError) as caught:
        read_midi_path(path_text)
    message = str(caught.value)
    assert message.startswith("Cannot read ")
    assert expected in message
    assert message.endswith("Give the path of a .mid file.")
    assert "\n" not in message and len(message) < 160


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(fifo):
    with pytest.raises(UserError, match="not a regular file"):
        read_midi_path(str(fifo))


def test_an_mp3_path_is_not_a_midi_file_before_its_size(tmp_path):
    song = tmp_path / "song.mid"
    song.write_bytes(b"ID3\x04" + bytes(MAX_BYTES * 3))
    with pytest.raises(MidiRejected, match=r"^That is not a MIDI file\."):
        read_midi_path(str(song))


def test_a_good_file_is_read_whole_with_its_name(tmp_path):
    data, name = read_midi_path(f"'{_write_tune(tmp_path / 'reel.mid')}'")
    assert data.startswith(b"MThd") and name == "reel.mid"


def test_help_topics_and_extra_words_are_answered(tmp_path):
    result = run_console("/help vote\n/help key scale\n/help mood\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/guess vote item:… guess:… confidence:… quality:…" in result.stdout
    assert '/help takes one topic at a time, not "key scale"' in result.stdout
    assert "  calm: scale major_pentatonic, tempo 76" in result.stdout


class _Terminal(io.StringIO):
    """Typed lines, as a terminal gives them (`isatty`), so the console is interactive."""

    def isatty(self) -> bool:
        return True


async def test_at_a_terminal_there_is_a_prompt_and_a_composing_line(tmp_path):
    settings = Settings(database_path=tmp_path / "bot.db", out_dir=tmp_path / "out", workers=1)
    out = io.StringIO()
    async with worker_pool(settings) as pool, open_services(pool, settings) as services:
        await serve(
            services,
            asyncio.Event(),
            source=_Terminal("/help key\n/melody bars:1 seed:3 chords:0\n"),
            out=out,
            notice_seconds=0.0,  # any job that is not done at once gets the line
        )
    text = out.getvalue()
    assert text.startswith("melodybot console. Type /help for commands, Ctrl-D to quit.\n> key")
    assert f"\n> {COMPOSING}\n" in text
    assert "1 bar of 4/4" in text and "seed 3" in text
    assert text.endswith("> ")  # waiting for the next line when the input ended
