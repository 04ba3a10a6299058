"""`melodybot generate --formats`: the score, ABC and MusicXML beside the MIDI, as chosen."""

from __future__ import annotations

import music21

from tests.support.cli import run_cli


def _suffixes(folder) -> list[str]:
    return sorted(p.name.split(".", 1)[1] for p in folder.iterdir())


def test_default_writes_every_format_and_the_abc_reads_back(tmp_path):
    result = run_cli(
        "generate", "key:Eb", "mode:phrygian", "bars:2", "seed:8", "--out", str(tmp_path),
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _suffixes(tmp_path) == ["abc", "mid", "mp3", "musicxml", "png", "score.png"]
    [abc] = tmp_path.glob("*.abc")
    tune = music21.converter.parse(abc.read_text(), format="abc")
    assert tune.flatten().getElementsByClass("KeySignature")[0].sharps == -7
    [score] = tmp_path.glob("*.score.png")
    assert score.read_bytes().startswith(b"\x89PNG") and str(score) in result.stdout


def test_formats_choose_the_files_and_need_no_soundfont_without_mp3(tmp_path):
    result = run_cli(
        "generate", "bars:2", "seed:9", "--formats", "abc,score,musicxml", "--out", str(tmp_path),
        cwd=tmp_path, env={"SOUNDFONT_PATH": str(tmp_path / "missing.sf2")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _suffixes(tmp_path) == ["abc", "musicxml", "score.png"]


def test_an_unknown_format_is_one_line_naming_the_allowed(tmp_path):
    result = run_cli("generate", "--formats", "mid,pdf", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "pdf" in result.stderr and "mid, mp3, png, abc, musicxml, score" in result.stderr
    assert not tmp_path.joinpath("out").exists() and not list(tmp_path.glob("*.mid"))


def test_midi_only_still_writes_only_the_midi(tmp_path):
    result = run_cli("generate", "bars:1", "seed:3", "--midi-only", "--out", str(tmp_path),
                     cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _suffixes(tmp_path) == ["mid"]
