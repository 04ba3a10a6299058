"""`melodybot generate`, run as a user would: a subprocess writing real files."""

import io
import json
import subprocess
import sys
from pathlib import Path

import mido
import pytest

from engine.midi import notes_of_track
from tests.support.cli import run_cli


def test_generate_writes_midi_named_by_slug(tmp_path):
    result = run_cli(
        "generate",
        "key:D",
        "scale:minor",
        "mood:dramatic",
        "bars:16",
        "seed:7",
        "--midi-only",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    [path] = tmp_path.glob("D-minor-132bpm-seed7-*.mid")
    midi = mido.MidiFile(path)
    metas = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert metas["key_signature"].key == "Dm"
    assert round(mido.tempo2bpm(metas["set_tempo"].tempo)) == 132
    assert max(n.end for n in notes_of_track(midi, 1)) <= 16 * 4
    assert "seed 7" in result.stdout


def test_same_seed_gives_identical_midi(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        run_cli("generate", "key:F", "seed:11", "--midi-only", "--out", str(out), cwd=tmp_path)
    [name] = [path.name for path in first.glob("F-major-120bpm-seed11-*.mid")]
    assert (first / name).read_bytes() == (second / name).read_bytes()


def test_count_writes_consecutive_seeds_and_json_summary(tmp_path):
    result = run_cli(
        "generate",
        "key:A",
        "mode:dorian",
        "bpm:90",
        "seed:7",
        "--count",
        "3",
        "--json",
        "--midi-only",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)["melodies"]
    assert [m["params"]["seed"] for m in summary] == [7, 8, 9]
    assert summary[0]["params"]["scale"] == "dorian"
    assert summary[0]["params"]["tempo"] == 90
    for entry in summary:
        assert Path(entry["files"]["mid"]).exists()
        note = entry["notes"][0]
        assert set(note) == {"pitch", "start", "duration"}
    written = mido.MidiFile(file=io.BytesIO(Path(summary[1]["files"]["mid"]).read_bytes()))
    assert [n.pitch for n in notes_of_track(written, 1)] == [
        n["pitch"] for n in summary[1]["notes"]
    ]


def test_quoted_value_with_spaces(tmp_path):
    result = run_cli(
        "generate",
        'scale:"harmonic minor"',
        "seed:1",
        "--json",
        "--midi-only",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert json.loads(result.stdout)["melodies"][0]["params"]["scale"] == "harmonic_minor"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sclae:minor"], 'Unknown parameter "sclae"'),
        (["scale:majr"], 'Did you mean "major"'),
        (["tempo:500"], "tempo:500 is out of range. Allowed: 40–240 BPM."),
        (["bars:8", "length:4"], "bars is given twice"),
        (['scale:"harmonic minor'], "Unbalanced quote"),
        (["dramatic"], "is not name:value"),
        (["--count", "0"], "--count 0 is out of range"),
        (["seed:" + "9" * 5000], "is out of range. Allowed: 0–2147483647."),
        (["key:", "D"], "No value after key:."),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, args, expected):
    result = run_cli("generate", *args, "--midi-only", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.mid"))


def test_cli_and_engine_run_without_music21():
    code = (
        "import sys, bot.frontends.cli.main, engine.compose.composer, engine.midi; "
        "assert 'music21' not in sys.modules, 'music21 imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_variation_keeps_chords_and_opening_bar_and_changes_details(tmp_path):
    base = [
        "generate",
        "key:G",
        "bars:8",
        "seed:21",
        "--json",
        "--midi-only",
        "--out",
        str(tmp_path),
    ]
    original = json.loads(run_cli(*base, cwd=tmp_path).stdout)["melodies"][0]
    varied_run = run_cli(*base, "--variation", "1", cwd=tmp_path)
    assert varied_run.returncode == 0, varied_run.stderr
    varied = json.loads(varied_run.stdout)["melodies"][0]
    assert Path(varied["files"]["mid"]).name.startswith("G-major-120bpm-seed21-")
    assert varied["files"]["mid"].endswith("-var1.mid")
    assert varied["chords"] == original["chords"]
    first_bar = [n for n in original["notes"] if n["start"] < 4]
    assert [n for n in varied["notes"] if n["start"] < 4] == first_bar
    assert varied["notes"] != original["notes"]


def test_help_lists_every_instrument(tmp_path):
    result = run_cli("generate", "--help", cwd=tmp_path)
    assert "acoustic_grand_piano" in result.stdout
    assert "gunshot" in result.stdout
    assert "--variation" in result.stdout


def test_unwritable_out_folder_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_cli("generate", "seed:1", "--midi-only", "--out", str(blocker / "x"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Choose another --out folder" in result.stderr
    assert result.stderr.count("\n") == 1


def test_missing_soundfont_fails_before_writing_anything(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.frontends.cli.main",
            "generate",
            "seed:1",
            "--out",
            str(tmp_path / "o"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(Path.cwd()),
            "SOUNDFONT_PATH": str(tmp_path / "missing.sf2"),
        },
    )
    assert result.returncode == 2
    assert "missing.sf2" in result.stderr
    assert not (tmp_path / "o").exists()


def test_flags_and_parameters_mix_in_any_order(tmp_path):
    result = run_cli(
        "generate", "key:C", "--midi-only", "seed:5", "--out", str(tmp_path), "bars:2",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "seed 5" in result.stdout
    assert "2 bars of 4/4" in result.stdout
    assert len(list(tmp_path.glob("C-major-120bpm-seed5-*.mid"))) == 1


def test_different_parameters_never_share_a_file_and_nothing_is_overwritten(tmp_path):
    base = ["generate", "seed:3", "--midi-only", "--out", str(tmp_path)]
    assert run_cli(*base, "bars:4", cwd=tmp_path).returncode == 0
    assert run_cli(*base, "bars:8", cwd=tmp_path).returncode == 0
    assert len(list(tmp_path.glob("*.mid"))) == 2
    before = {p: p.read_bytes() for p in tmp_path.glob("*.mid")}
    again = run_cli(*base, "bars:4", cwd=tmp_path)
    assert again.returncode == 2
    assert "exists. Add --force to overwrite" in again.stderr
    assert again.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in tmp_path.glob("*.mid")} == before
    assert run_cli(*base, "bars:4", "--force", cwd=tmp_path).returncode == 0
    assert len(list(tmp_path.glob("*.mid"))) == 2


def test_out_dev_null_is_refused_in_one_line(tmp_path):
    result = run_cli("generate", "seed:1", "--midi-only", "--out", "/dev/null", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "melodybot: --out /dev/null is not a folder. Give a folder; it is made if missing.\n"
    )
