"""`melodybot stimuli`, run as a researcher would: a subprocess writing a stimulus set."""

import json
from pathlib import Path

import mido

from engine.human.pool import load_human_pool
from engine.midi import notes_of_track
from tests.support.cli import run_cli


def stimuli(out: Path, *extra: str, pairs: int = 4, seed: int = 3):
    return run_cli(
        "stimuli", "--pairs", str(pairs), "--seed", str(seed), "--out", str(out), *extra, cwd=out
    )


def test_midi_only_set_has_matched_pairs_and_a_manifest(tmp_path):
    result = stimuli(tmp_path, "--midi-only", "--json")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert json.loads(result.stdout) == manifest
    items = {item["id"]: item for item in manifest["items"]}
    assert len(items) == 8
    assert sorted(item["truth"] for item in items.values()) == ["ai"] * 4 + ["human"] * 4
    titles = {m.provenance["title"] for m in load_human_pool()}
    for item in items.values():
        partner = items[item["pair"]]
        assert {item["truth"], partner["truth"]} == {"ai", "human"}
        assert item["measures"] == partner["measures"]
        assert set(item["measures"]["ai"]) == {
            "complexity",
            "note_density",
            "syncopation",
            "repetition",
            "pitch_span",
        }
        midi = mido.MidiFile(tmp_path / item["files"]["mid"])
        assert len(midi.tracks) == 2, "melody only: a tempo track and the melody"
        assert notes_of_track(midi, 1)
        assert "mp3" not in item["files"]
        if item["truth"] == "human":
            assert item["provenance"]["title"] in titles
            assert item["provenance"]["bars"].startswith("bars ")
        else:
            params = item["provenance"]["params"]
            human = partner["provenance"]
            assert (params["key"], params["scale"], params["time"], params["tempo"]) == (
                human["key"],
                human["scale"],
                human["time"],
                human["tempo"],
            )
            assert params["seed"] == item["provenance"]["seed"]
    assert not list(tmp_path.glob("*.mp3"))


def test_same_seed_gives_the_same_set_and_another_seed_another(tmp_path):
    first, second, third = (tmp_path / name for name in ("a", "b", "c"))
    for out, seed in ((first, 5), (second, 5), (third, 6)):
        out.mkdir()
        assert stimuli(out, "--midi-only", pairs=2, seed=seed).returncode == 0
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    assert (first / "manifest.json").read_text() != (third / "manifest.json").read_text()


def test_audio_is_rendered_beside_each_midi(tmp_path):
    result = stimuli(tmp_path, pairs=1)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    for item in manifest["items"]:
        mp3 = tmp_path / item["files"]["mp3"]
        assert mp3.read_bytes()[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
    assert "2 items (1 pairs)" in result.stdout


def test_bad_pair_count_is_one_line(tmp_path):
    result = stimuli(tmp_path, "--midi-only", pairs=0)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--pairs 0 is out of range" in result.stderr
    assert not (tmp_path / "manifest.json").exists()
