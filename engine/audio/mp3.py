"""Chat-ready MP3: mastered PCM encoded as 44.1 kHz stereo CBR under an upload limit.

`encode_mp3` masters the PCM (`engine.audio.master.prepare`), picks the highest
bitrate of `BITRATES_KBPS` whose file fits `max_bytes`, and encodes with LAME in
this process (`engine.audio.lame`: lameenc, no subprocess, no temporary file). The size
limit is a platform fact: front ends pass their platform's limit as `max_bytes`;
`MAX_BYTES` is only the default (Discord's 10 MiB bot upload limit).

Loudness stays exact and two-pass (the whole render is measured, then scaled,
then encoded). Streaming rendered blocks into the encoder with a predicted gain
would save no CPU (measured for issue 15: error SD 0.39 LU, worst 1.0 LU), only
some latency, so it is not done.

Public API: `to_mp3`, `encode_mp3`, `Encoded`, `choose_bitrate`, `MAX_BYTES`,
`BITRATES_KBPS`, `LAME_QUALITY`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import resample_poly

from engine.audio.lame import encode_pcm
from engine.audio.master import FADE_SECONDS, SAMPLE_RATE, TARGET_LUFS, prepare
from engine.errors import EncodeError

MAX_BYTES = 10 * 1024 * 1024  # Discord's per-file upload limit for bots
BITRATES_KBPS = (192, 160, 128, 112, 96, 80, 64, 48, 32)  # tried best first
DEFAULT_BITRATE_KBPS = BITRATES_KBPS[0]
# LAME's -q (0 slowest/best … 9 fastest). 7 is what LAME documents as "fast, ok quality";
# bench/render_quality.py checks it against the PCM (SNR, bandwidth) on ten melodies.
LAME_QUALITY = 7
SIZE_MARGIN = 0.98  # estimate vs limit: leaves room for frame padding and headers


@dataclass(frozen=True)
class Encoded:
    """An MP3 and what a front end needs to post it: length in seconds, bitrate in kbit/s."""

    mp3: bytes
    seconds: float
    bitrate_kbps: int


def choose_bitrate(
    seconds: float, max_bytes: int = MAX_BYTES, preferred_kbps: int = DEFAULT_BITRATE_KBPS
) -> int:
    """The highest bitrate (kbit/s, at most `preferred_kbps`) whose CBR file fits `max_bytes`."""
    for kbps in BITRATES_KBPS:
        if kbps <= preferred_kbps and seconds * kbps * 1000 / 8 <= max_bytes * SIZE_MARGIN:
            return kbps
    raise EncodeError(f"{seconds:.0f} s of audio cannot fit in {max_bytes} bytes as MP3.")


def encode_mp3(
    pcm: np.ndarray,
    sample_rate: int = SAMPLE_RATE,
    *,
    target_lufs: float = TARGET_LUFS,
    max_bytes: int = MAX_BYTES,
    bitrate_kbps: int = DEFAULT_BITRATE_KBPS,
    title: str = "",
    lame_quality: int = LAME_QUALITY,
) -> Encoded:
    """PCM (int16 or float, (frames, 2) or mono) to a chat-ready MP3 with its length and bitrate.

    The MP3 is 44.1 kHz whatever `sample_rate` (Hz) the PCM has, and carries
    `title` as its ID3 title. Silence-only input gives a short silent MP3 rather
    than an error.
    """
    data = prepare(pcm, sample_rate, target_lufs)
    if sample_rate != SAMPLE_RATE:  # never for rendered melodies, which are 44.1 kHz
        data = resample_poly(data, SAMPLE_RATE, sample_rate, axis=0).astype(np.float32)
    if len(data) == 0:
        data = np.zeros((round(FADE_SECONDS * SAMPLE_RATE), 2), dtype=np.float32)
    seconds = len(data) / SAMPLE_RATE
    kbps = choose_bitrate(seconds, max_bytes, bitrate_kbps)

    def encode(kbps: int) -> bytes:
        return encode_pcm(data, kbps, SAMPLE_RATE, lame_quality, title)

    mp3 = encode(kbps)
    while len(mp3) > max_bytes:  # the estimate is conservative; this is a safety net
        kbps = choose_bitrate(seconds, max_bytes, kbps - 1)
        mp3 = encode(kbps)
    return Encoded(mp3, seconds, kbps)


def to_mp3(
    pcm: np.ndarray,
    sample_rate: int = SAMPLE_RATE,
    *,
    max_bytes: int = MAX_BYTES,
    title: str = "",
) -> bytes:
    """PCM to MP3 bytes: trimmed, −16 LUFS, faded out, ≤ `max_bytes`. See `encode_mp3`."""
    return encode_mp3(pcm, sample_rate, max_bytes=max_bytes, title=title).mp3
