"""MP3 encoding with LAME in this process, through the `lameenc` binding.

`encode_pcm` turns float32 stereo PCM into a CBR MP3 led by an ID3 title
(`engine.audio.id3`): no subprocess, no temporary file. lameenc releases the
GIL while LAME works, so a worker draws its piano roll in a thread meanwhile.

Why lameenc (issue 15, measured on the bench's ten 16-bar melodies, 192 kbit/s,
LAME -q 7; bench/RESULTS.md): it met the quality guard against the ffmpeg
encoding it replaced (SNR against the PCM within 0.27 dB, low-pass 18.75 kHz
on noise for both, same bitrate and sample rate) and cost 0.14 CPU-s per
melody, against 0.18 for a ctypes binding to Debian's libmp3lame fed float PCM
and 0.29 for pydub + ffmpeg. What it cannot do, and why that is acceptable:
it writes no ID3 tag (written here) and no LAME/Xing Info frame (players then
play LAME's 25 ms start-up delay, and read the length of a CBR file from its
size, as they do for ffmpeg's files); its input is 16-bit.

Public API: `encode_pcm`, `LAME_CHANNELS`.
"""

from __future__ import annotations

import lameenc
import numpy as np

from engine.audio.id3 import id3v2_title
from engine.errors import EncodeError

LAME_CHANNELS = 2  # stereo: renders are not mono
INT16_FULL_SCALE = 32767
# Frames converted to int16 and fed to LAME at a time (~4 s): the same MP3 bytes as one
# call, without a whole-melody int16 copy and its float temporary (~17 MB for 30 s).
CHUNK_FRAMES = 1 << 18


def encode_pcm(
    data: np.ndarray, kbps: int, sample_rate: int, quality: int, title: str = ""
) -> bytes:
    """float32 stereo PCM at `sample_rate` Hz, shape (frames, 2) in ±1, as a CBR MP3 at
    `kbps` kbit/s with LAME's -q `quality` (0 best … 9 fastest), led by an ID3 title."""
    if data.ndim != 2 or data.shape[1] != LAME_CHANNELS:
        raise EncodeError(f"LAME needs stereo PCM shaped (frames, 2), not {data.shape}.")
    encoder = lameenc.Encoder()
    try:
        encoder.set_bit_rate(kbps)
        encoder.set_in_sample_rate(sample_rate)
        encoder.set_channels(LAME_CHANNELS)
        encoder.set_quality(quality)
        mp3 = bytearray()
        for start in range(0, len(data), CHUNK_FRAMES):
            mp3 += encoder.encode(_int16(data[start : start + CHUNK_FRAMES]))
        mp3 += encoder.flush()
    except RuntimeError as error:  # lameenc reports refused settings this way
        raise EncodeError(
            f"LAME could not encode {kbps} kbit/s at {sample_rate} Hz, quality {quality}: {error}"
        ) from None
    if not mp3:
        raise EncodeError("LAME produced no MP3 data.")
    return id3v2_title(title) + bytes(mp3)


def _int16(data: np.ndarray) -> np.ndarray:
    """float PCM in ±1 as int16 samples (rounded, clipped), one scaled copy."""
    scaled = np.clip(data, -1.0, 1.0)
    scaled *= INT16_FULL_SCALE
    pcm16: np.ndarray = np.rint(scaled, out=scaled).astype("<i2")
    return pcm16
