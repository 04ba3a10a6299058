"""`melodybot generate`, run as a user would: a subprocess writing real files."""

import io
import json
import subprocess
import sys
from pathlib import Path

import mido
import pytest

from engine.midi import notes_of_track


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path.cwd())})


def test_generate_writes_midi_named_by_slug(tmp_path):
    result = run_cli("generate", "key:D", "scale:minor", "mood:dramatic", "bars:16", "seed:7",
                     "--midi-only", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "D-minor-132bpm-seed7.mid"
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
    name = "F-major-120bpm-seed11.mid"
    assert (first / name).read_bytes() == (second / name).read_bytes()


def test_count_writes_consecutive_seeds_and_json_summary(tmp_path):
    result = run_cli("generate", "key:A", "mode:dorian", "bpm:90", "seed:7", "--count", "3",
                     "--json", "--midi-only", "--out", str(tmp_path), cwd=tmp_path)
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
        n["pitch"] for n in summary[1]["notes"]]


def test_quoted_value_with_spaces(tmp_path):
    result = run_cli("generate", 'scale:"harmonic minor"', "seed:1", "--json", "--midi-only",
                     "--out", str(tmp_path), cwd=tmp_path)
    assert json.loads(result.stdout)["melodies"][0]["params"]["scale"] == "harmonic_minor"


@pytest.mark.parametrize(("args", "expected"), [
    (["sclae:minor"], 'Unknown parameter "sclae"'),
    (["scale:majr"], 'Did you mean "major"'),
    (["tempo:500"], "tempo:500 is out of range. Allowed: 40–240 BPM."),
    (["bars:8", "length:4"], "bars is given twice"),
    (['scale:"harmonic minor'], "Unbalanced quote"),
    (["dramatic"], "is not name:value"),
    (["--count", "0"], "--count 0 is out of range"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, args, expected):
    result = run_cli("generate", *args, "--midi-only", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.mid"))


def test_cli_and_engine_run_without_music21():
    code = ("import sys, bot.cli, engine.compose, engine.midi; "
            "assert 'music21' not in sys.modules, 'music21 imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
