"""Chat-ready MP3: mastered PCM encoded as 44.1 kHz stereo CBR under an upload limit.

`encode_mp3` masters the PCM (`engine.audio.master.prepare`), picks the highest
bitrate of `BITRATES_KBPS` whose file fits `max_bytes`, and encodes with LAME.
The size limit is a platform fact: front ends pass their platform's limit as
`max_bytes`; `MAX_BYTES` is only the default (Discord's 10 MiB bot upload limit).

Encoding goes through pydub's `AudioSegment.export`, which runs ffmpeg's
libmp3lame (around a temporary WAV file; the cost is measured in bench/render.py).
When a core is idle, `encode_mp3(in_two=True)` encodes the two halves at once in
two ffmpeg processes and joins them at an MP3 frame (`engine.audio.mp3frames`).

Streaming PCM into ffmpeg while rendering (`Renderer.render_chunks`) was
measured in bench/render.py: it overlaps the two when a core is free, but it
cannot normalise integrated loudness (that needs the whole signal first), so
audio is rendered, then encoded.

Public API: `to_mp3`, `encode_mp3`, `Encoded`, `choose_bitrate`,
`mp3_from_float`, `mp3_from_float_in_two`, `MAX_BYTES`, `BITRATES_KBPS`.
"""

from __future__ import annotations

import functools
import io
import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from engine.audio.master import FADE_SECONDS, SAMPLE_RATE, TARGET_LUFS, prepare
from engine.audio.mp3frames import FRAME_SAMPLES, join_at_frame
from engine.errors import EncodeError

MAX_BYTES = 10 * 1024 * 1024  # Discord's per-file upload limit for bots
BITRATES_KBPS = (192, 160, 128, 112, 96, 80, 64, 48, 32)  # tried best first
DEFAULT_BITRATE_KBPS = BITRATES_KBPS[0]
# LAME's -q (0 slowest/best … 9 fastest). 7 is what LAME documents as "fast, ok quality";
# it encodes ~1.6x faster than ffmpeg's default (bench/render.py), which matters because
# encoding is the largest share of a job. No blind listening test has been done.
LAME_QUALITY = 7
SPLIT_MIN_SECONDS = 6.0  # shorter audio is encoded in one go: a second ffmpeg start costs more
SPLIT_PREROLL_FRAMES = 4  # MP3 frames the second half's encoder runs before the seam
SPLIT_MARGIN_FRAMES = 2  # frames the first half's encoder runs past the seam (not end-of-stream)
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


def _audio_segment_class() -> type:
    """pydub's AudioSegment, pointed at ffmpeg; raises EncodeError when ffmpeg is missing."""
    path = shutil.which("ffmpeg")
    if path is None:
        raise EncodeError("ffmpeg is not installed. Run `make` (installs Debian's ffmpeg).")
    with warnings.catch_warnings():
        # pydub imports the stdlib `audioop`, which warns of its removal in Python 3.13.
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment
    AudioSegment.converter = path
    segment_class: type = AudioSegment
    return segment_class


def mp3_from_float(
    data: np.ndarray,
    kbps: int,
    sample_rate: int = SAMPLE_RATE,
    title: str = "",
    lame_quality: int | None = LAME_QUALITY,
    *,
    reservoir: bool = True,
    info_frame: bool = True,
) -> bytes:
    """Encode float32 stereo PCM as CBR MP3 at `kbps` kbit/s with pydub (ffmpeg's libmp3lame).

    `lame_quality` None keeps ffmpeg's default (as a plain `ffmpeg -b:a` call does).
    `reservoir` and `info_frame` False (LAME's bit reservoir; the Xing/Info frame
    carrying length and gapless data) are for parts joined by `mp3_from_float_in_two`.
    """
    pcm16 = np.round(np.clip(data, -1.0, 1.0) * 32767).astype("<i2")
    segment = _audio_segment_class()(
        data=pcm16.tobytes(), sample_width=2, frame_rate=sample_rate, channels=2
    )
    if sample_rate != SAMPLE_RATE:
        segment = segment.set_frame_rate(SAMPLE_RATE)
    parameters = ["-ar", str(SAMPLE_RATE), "-ac", "2"]
    if lame_quality is not None:
        parameters += ["-compression_level", str(lame_quality)]
    if not reservoir:
        parameters += ["-reservoir", "0"]
    if not info_frame:
        parameters += ["-write_xing", "0"]
    out = io.BytesIO()
    try:
        segment.export(
            out,
            format="mp3",
            codec="libmp3lame",
            bitrate=f"{kbps}k",
            parameters=parameters,
            tags={"title": title} if title else None,
        )
    except Exception as error:  # pydub raises CouldntEncodeError with ffmpeg's whole log
        lines = str(error).strip().splitlines()
        raise EncodeError(f"ffmpeg failed to encode MP3: {lines[-1] if lines else error}") from None
    if not out.getvalue():
        raise EncodeError("ffmpeg failed to encode MP3: no output")
    return out.getvalue()


def mp3_from_float_in_two(
    data: np.ndarray, kbps: int, title: str = "", lame_quality: int | None = LAME_QUALITY
) -> bytes:
    """As `mp3_from_float` (44.1 kHz input), but the two halves are encoded at once by two
    ffmpeg processes and joined at an MP3 frame: about half the wall time when a core is
    free, for one extra ffmpeg start (~60 ms of CPU).

    The second encoder starts `SPLIT_PREROLL_FRAMES` frames before the seam and those
    frames are dropped, so its filter bank has warmed up on the same audio and the
    decoder's overlap-add joins the two without a click. It runs without the bit
    reservoir (so its first kept frame holds all its own data); neither part has an
    Info frame, so decoders play LAME's 1105-sample (25 ms) start-up delay as silence.
    """
    seam_frame = len(data) // FRAME_SAMPLES // 2
    if seam_frame <= SPLIT_PREROLL_FRAMES:  # too short to split: one encoder
        return mp3_from_float(data, kbps, SAMPLE_RATE, title, lame_quality)
    seam = seam_frame * FRAME_SAMPLES
    head_pcm = data[: seam + SPLIT_MARGIN_FRAMES * FRAME_SAMPLES]
    tail_pcm = data[seam - SPLIT_PREROLL_FRAMES * FRAME_SAMPLES :]
    head = _second_encoder().submit(
        mp3_from_float, head_pcm, kbps, SAMPLE_RATE, title, lame_quality, info_frame=False
    )
    tail = mp3_from_float(
        tail_pcm, kbps, SAMPLE_RATE, "", lame_quality, reservoir=False, info_frame=False
    )
    return join_at_frame(head.result(), tail, seam_frame, SPLIT_PREROLL_FRAMES)


@functools.cache
def _second_encoder() -> ThreadPoolExecutor:
    """A thread that waits on the second ffmpeg process (pydub blocks while it runs)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="mp3-half")


def encode_mp3(
    pcm: np.ndarray,
    sample_rate: int = SAMPLE_RATE,
    *,
    target_lufs: float = TARGET_LUFS,
    max_bytes: int = MAX_BYTES,
    bitrate_kbps: int = DEFAULT_BITRATE_KBPS,
    title: str = "",
    lame_quality: int | None = LAME_QUALITY,
    in_two: bool = False,
) -> Encoded:
    """PCM (int16 or float, (frames, 2) or mono) to a chat-ready MP3 with its length and bitrate.

    `in_two` encodes the halves at once in two ffmpeg processes (`mp3_from_float_in_two`):
    worth it only when a core is idle, and only for audio of `SPLIT_MIN_SECONDS` or more.
    Silence-only input gives a short silent MP3 rather than an error.
    """
    data = prepare(pcm, sample_rate, target_lufs)
    if len(data) == 0:
        data = np.zeros((round(FADE_SECONDS * sample_rate), 2), dtype=np.float32)
    seconds = len(data) / sample_rate
    split = in_two and sample_rate == SAMPLE_RATE and seconds >= SPLIT_MIN_SECONDS

    def encode(kbps: int) -> bytes:
        if split:
            return mp3_from_float_in_two(data, kbps, title, lame_quality)
        return mp3_from_float(data, kbps, sample_rate, title, lame_quality)

    kbps = choose_bitrate(seconds, max_bytes, bitrate_kbps)
    mp3 = encode(kbps)
    while len(mp3) > max_bytes:  # the estimate is conservative; this is a safety net
        kbps = choose_bitrate(seconds, max_bytes, kbps - 1)
        mp3 = encode(kbps)
    return Encoded(mp3, seconds, kbps)


def to_mp3(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE, **options: object) -> bytes:
    """PCM to MP3 bytes: trimmed, −16 LUFS, faded out, ≤10 MiB. See `encode_mp3`."""
    # `options` are encode_mp3's own keywords, passed through unchanged.
    return encode_mp3(pcm, sample_rate, **options).mp3  # type: ignore[arg-type]
