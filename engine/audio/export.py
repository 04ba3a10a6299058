"""Conversions through pydub and ffmpeg, kept off the hot path.

The bot's MP3s are encoded in-process (`engine.audio.mp3`). pydub stays the
audio container for what is rare or not time-critical: other formats a front
end may want (WAV download, OGG/Opus voice note), and ffmpeg's own MP3 encoder,
which the quality guard (bench/render_quality.py, tests/engine/audio) measures
the in-process encoder against. Each call starts one ffmpeg process (~60 ms of
CPU) and goes through a temporary WAV file, which is why jobs do not use it.

Public API: `export_audio`, `ffmpeg_mp3`.
"""

from __future__ import annotations

import io
import shutil
import warnings
from typing import Any

import numpy as np

from engine.errors import EncodeError

SAMPLE_RATE = 44100  # Hz


def _audio_segment(data: np.ndarray, sample_rate: int) -> Any:
    """float32 stereo PCM (±1) as a 16-bit pydub AudioSegment pointed at ffmpeg."""
    path = shutil.which("ffmpeg")
    if path is None:
        raise EncodeError("ffmpeg is not installed. Run `make` (installs Debian's ffmpeg).")
    with warnings.catch_warnings():
        # pydub imports the stdlib `audioop`, which warns of its removal in Python 3.13.
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment
    AudioSegment.converter = path
    pcm16 = np.round(np.clip(data, -1.0, 1.0) * 32767).astype("<i2")
    return AudioSegment(data=pcm16.tobytes(), sample_width=2, frame_rate=sample_rate, channels=2)


def export_audio(
    data: np.ndarray,
    audio_format: str,
    sample_rate: int = SAMPLE_RATE,
    *,
    codec: str | None = None,
    bitrate: str | None = None,
    parameters: tuple[str, ...] = (),
    title: str = "",
) -> bytes:
    """float32 stereo PCM at `sample_rate` Hz in `audio_format` ("wav", "ogg", "mp3" …)
    through pydub and ffmpeg; `bitrate` as ffmpeg spells it ("192k")."""
    out = io.BytesIO()
    try:
        _audio_segment(data, sample_rate).export(
            out,
            format=audio_format,
            codec=codec,
            bitrate=bitrate,
            parameters=list(parameters),
            tags={"title": title} if title else None,
        )
    except Exception as error:  # pydub raises CouldntEncodeError with ffmpeg's whole log
        lines = str(error).strip().splitlines()
        last = lines[-1] if lines else error
        raise EncodeError(f"ffmpeg failed to write {audio_format}: {last}") from None
    if not out.getvalue():
        raise EncodeError(f"ffmpeg failed to write {audio_format}: no output")
    return out.getvalue()


def ffmpeg_mp3(data: np.ndarray, kbps: int, lame_quality: int | None, title: str = "") -> bytes:
    """44.1 kHz float32 stereo PCM as CBR MP3 through ffmpeg's libmp3lame, as the bot encoded
    before issue 15; `lame_quality` None keeps ffmpeg's default (as a plain `ffmpeg -b:a`)."""
    parameters: tuple[str, ...] = ("-ar", str(SAMPLE_RATE), "-ac", "2")
    if lame_quality is not None:
        parameters += ("-compression_level", str(lame_quality))
    return export_audio(
        data, "mp3", codec="libmp3lame", bitrate=f"{kbps}k", parameters=parameters, title=title
    )
