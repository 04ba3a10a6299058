"""`melodybot generate` with audio: MP3 and piano roll beside each MIDI file, as a user runs it."""

from __future__ import annotations

from tests.engine.audio.audio_helpers import decode_mp3
from tests.support.cli import run_cli


def test_generate_writes_mp3_and_png_for_each_melody_using_a_pool(tmp_path):
    result = run_cli(
        "generate",
        "key:A",
        "scale:minor",
        "bars:2",
        "seed:40",
        "--count",
        "2",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    for seed in (40, 41):
        [midi] = tmp_path.glob(f"A-minor-120bpm-seed{seed}-*.mid")
        stem = midi.with_suffix("")
        assert stem.with_suffix(".mid").read_bytes().startswith(b"MThd")
        assert stem.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
        _, info = decode_mp3(stem.with_suffix(".mp3").read_bytes())
        assert info["codec_name"] == "mp3" and info["channels"] == "2"
        assert str(stem.with_suffix(".mp3")) in result.stdout


def test_midi_only_writes_no_audio(tmp_path):
    result = run_cli(
        "generate", "bars:1", "seed:3", "--midi-only", "--out", str(tmp_path), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".mid"]


def test_a_missing_soundfont_is_one_line_saying_how_to_fix_it(tmp_path):
    result = run_cli(
        "generate",
        "bars:1",
        "seed:3",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
        env={"SOUNDFONT_PATH": str(tmp_path / "nowhere.sf2")},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "nowhere.sf2" in result.stderr
    assert "Traceback" not in result.stderr
