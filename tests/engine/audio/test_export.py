"""Conversions off the hot path, through pydub and real ffmpeg: WAV and OGG/Opus."""

from __future__ import annotations

import io
import subprocess
import wave

import numpy as np
import pytest

from engine.audio.export import export_audio
from engine.errors import EncodeError

SAMPLE_RATE = 44100  # Hz


def _tone(seconds: float) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    mono = (0.3 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def test_a_wav_download_holds_the_pcm_as_16_bit_stereo():
    wav = export_audio(_tone(1.5), "wav")
    with wave.open(io.BytesIO(wav)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (2, 2)
        assert reader.getframerate() == SAMPLE_RATE
        assert reader.getnframes() == round(1.5 * SAMPLE_RATE)


def test_an_ogg_opus_voice_note_is_written_and_plays_for_as_long():
    ogg = export_audio(_tone(2.0), "ogg", codec="libopus", bitrate="64k")
    assert ogg.startswith(b"OggS") and b"OpusHead" in ogg[:200]
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "2", "-ar", "48000", "-"],
        input=ogg,
        capture_output=True,
        check=True,
    ).stdout
    frames = len(pcm) // 8  # two float32 channels
    assert frames / 48000 == pytest.approx(2.0, abs=0.05)


def test_a_format_ffmpeg_cannot_write_is_one_line_naming_it():
    with pytest.raises(EncodeError) as caught:
        export_audio(_tone(0.5), "nosuchformat")
    message = str(caught.value)
    assert "nosuchformat" in message and "\n" not in message
