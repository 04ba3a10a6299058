"""Shared helpers for the audio tests: hand-built melodies and decoding MP3 with real ffmpeg."""

from __future__ import annotations

import subprocess

import numpy as np

from engine.melody import Chord, Melody, Note
from engine.params.melody import MelodyParams


def scale_melody(
    bars: int = 2,
    tempo: int = 120,
    first_beat: float = 0.0,
    chords: bool = True,
    instrument: str = "piano",
) -> Melody:
    """Quarter notes up a C major scale from `first_beat` to the end, a C chord per bar."""
    params = MelodyParams(bars=bars, tempo=tempo, chords=chords, instrument=instrument)
    steps = (60, 62, 64, 65, 67, 69, 71, 72)
    beats = int(bars * 4 - first_beat)
    notes = tuple(Note(steps[i % len(steps)], first_beat + i, 1.0, 96) for i in range(beats))
    progression = tuple(Chord((48, 52, 55), bar * 4.0, 4.0, "C") for bar in range(bars))
    return Melody(params, notes, progression)


def decode_mp3(data: bytes) -> tuple[np.ndarray, dict[str, str]]:
    """Decode MP3 bytes with ffmpeg to float32 stereo (frames, 2) at 44.1 kHz, plus ffprobe info
    (codec_name, sample_rate, channels, bit_rate and, when tagged, title)."""
    pcm = subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-i",
            "pipe:0",
            "-f",
            "f32le",
            "-ac",
            "2",
            "-ar",
            "44100",
            "pipe:1",
        ],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    probe = subprocess.run(
        [
            "ffprobe",
            "-hide_banner",
            "-loglevel",
            "error",
            "-show_entries",
            "stream=codec_name,sample_rate,channels,bit_rate:format_tags=title",
            "-of",
            "default=nw=1",
            "pipe:0",
        ],
        input=data,
        capture_output=True,
        check=True,
        text=False,
    ).stdout.decode()
    # The title tag comes as "TAG:title=…".
    info = dict(
        line.removeprefix("TAG:").split("=", 1) for line in probe.splitlines() if "=" in line
    )
    return np.frombuffer(pcm, dtype=np.float32).reshape(-1, 2), info
