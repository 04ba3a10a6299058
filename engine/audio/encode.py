"""PCM to MP3 for chat players: trimmed, loudness-normalised, faded out, under the upload limit.

Steps, in order: trim leading and trailing silence; set the integrated
loudness to `TARGET_LUFS` (ITU-R BS.1770 with pyloudnorm's filters, vectorised:
`integrated_loudness`); keep peaks under `PEAK_CEILING_DB` with a look-ahead
limiter (rarely needed: a solo instrument at −16 LUFS peaks near −5 dBFS); fade
out; encode 44.1 kHz stereo CBR MP3 with ffmpeg's LAME at the highest bitrate of
`BITRATES_KBPS` that fits `MAX_BYTES` (Discord's 10 MiB bot upload limit).

Encoding goes through pydub's `AudioSegment.export`, which runs ffmpeg's
libmp3lame (around a temporary WAV file; the cost is measured in bench/render.py).
When a core is idle, `encode_mp3(in_two=True)` encodes the two halves at once in
two ffmpeg processes and joins them at an MP3 frame (`engine.mp3frames`).

Streaming PCM into ffmpeg while rendering (`Renderer.render_chunks`) was
measured in bench/render.py: it overlaps the two when a core is free, but it
cannot normalise integrated loudness (that needs the whole signal first), so
audio is rendered, then encoded.

Public API: `to_mp3`, `encode_mp3`, `Encoded`, `prepare`, `choose_bitrate`,
`integrated_loudness`, `mp3_from_float`, `mp3_from_float_in_two`,
`TARGET_LUFS`, `MAX_BYTES`, `BITRATES_KBPS`.
"""

from __future__ import annotations

import functools
import io
import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import sosfilt, tf2sos

from engine.audio.mp3frames import FRAME_SAMPLES, join_at_frame
from engine.errors import EncodeError

SAMPLE_RATE = 44100  # Hz
TARGET_LUFS = -16.0  # integrated loudness, LUFS
PEAK_CEILING_DB = -1.0  # sample peak after limiting, dBFS
LIMITER_WINDOW_SECONDS = 0.02  # look-ahead and smoothing of the limiter's gain
TRIM_THRESHOLD_DB = -50.0  # relative to the peak: quieter edges count as silence
TRIM_MARGIN_SECONDS = 0.01  # kept before the first sound so its attack is not cut
FADE_SECONDS = 0.3  # fade-out at the end
BS1770_BLOCK_SECONDS = 0.4  # gating block
BS1770_OVERLAP = 0.75  # of consecutive gating blocks
BS1770_ABSOLUTE_GATE_LUFS = -70.0
BS1770_RELATIVE_GATE_LU = -10.0
LOUDNESS_DECIMATION = 2  # loudness is read on every 2nd frame (see normalise_loudness)
MIN_LOUDNESS_SECONDS = 0.5  # BS.1770 needs 400 ms blocks; shorter clips are peak-normalised
SHORT_CLIP_PEAK_DB = -3.0  # peak level of clips too short to measure loudness, dBFS
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


def _as_float(pcm: np.ndarray) -> np.ndarray:
    """int16 or float PCM, mono or stereo, as float32 stereo (frames, 2) in ±1."""
    data = np.asarray(pcm)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    else:
        data = data.astype(np.float32, copy=False)
    if data.ndim == 1:
        data = data[:, None]
    if data.shape[1] == 1:
        data = np.repeat(data, 2, axis=1)
    return data


def frame_level(data: np.ndarray) -> np.ndarray:
    """Absolute peak of each stereo frame (max over channels; element-wise, ~20x faster
    than `np.abs(data).max(axis=1)` on (frames, 2) arrays)."""
    return np.maximum(np.abs(data[:, 0]), np.abs(data[:, 1]))


def trim_silence(data: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Drop leading and trailing frames quieter than `TRIM_THRESHOLD_DB` below the peak."""
    level = frame_level(data)
    peak = float(level.max()) if level.size else 0.0
    if peak == 0.0:
        return data[:0]
    loud = np.flatnonzero(level > peak * 10 ** (TRIM_THRESHOLD_DB / 20))
    start = max(0, int(loud[0]) - round(TRIM_MARGIN_SECONDS * sample_rate))
    return data[start : int(loud[-1]) + 1]


@functools.lru_cache(maxsize=4)
def _k_weighting(sample_rate: int) -> tuple[np.ndarray, float]:
    """pyloudnorm's BS.1770 K-weighting (shelf + high-pass) as second-order sections and the
    product of their passband gains, so the filter coefficients come from the library."""
    stages = pyloudnorm.Meter(sample_rate)._filters.values()
    sos = np.vstack([tf2sos(stage.b, stage.a) for stage in stages])
    return sos, float(np.prod([stage.passband_gain for stage in stages]))


def integrated_loudness(data: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness of stereo (frames, 2) float PCM, LUFS (ITU-R BS.1770-4), -inf if silent.

    The same computation as `pyloudnorm.Meter.integrated_loudness` (its filters, its
    block boundaries, its gating; equal to within 0.001 LU, tests/engine/test_encode.py),
    but vectorised: pyloudnorm sums each 400 ms block in a Python loop over a float64
    copy, which took ~50 ms of a 30 s melody; block energies here come from one
    cumulative sum.
    """
    sos, gain = _k_weighting(sample_rate)
    weighted = sosfilt(sos, data, axis=0)
    energy = np.concatenate(([0.0], np.cumsum(np.square(weighted, dtype=np.float64).sum(axis=1))))
    block = BS1770_BLOCK_SECONDS * sample_rate  # frames
    step = block * (1 - BS1770_OVERLAP)
    blocks = (
        int(
            np.round(
                (len(data) / sample_rate - BS1770_BLOCK_SECONDS)
                / (BS1770_BLOCK_SECONDS * (1 - BS1770_OVERLAP))
            )
        )
        + 1
    )
    index = np.arange(blocks)
    lower = np.minimum((index * step).astype(int), len(data))
    upper = np.minimum((index * step + block).astype(int), len(data))
    power = gain**2 * (energy[upper] - energy[lower]) / block  # mean square per block
    with np.errstate(divide="ignore", invalid="ignore"):
        block_lufs = -0.691 + 10 * np.log10(power)
        gated = power[block_lufs >= BS1770_ABSOLUTE_GATE_LUFS]
        if gated.size == 0:
            return float("-inf")
        relative_gate = -0.691 + 10 * np.log10(gated.mean()) + BS1770_RELATIVE_GATE_LU
        kept = power[(block_lufs > relative_gate) & (block_lufs > BS1770_ABSOLUTE_GATE_LUFS)]
        return float(-0.691 + 10 * np.log10(kept.mean())) if kept.size else float("-inf")


def normalise_loudness(
    data: np.ndarray, sample_rate: int = SAMPLE_RATE, target_lufs: float = TARGET_LUFS
) -> np.ndarray:
    """Scale to `target_lufs` integrated; clips shorter than 0.5 s are peak-normalised."""
    if data.size == 0:
        return data
    if len(data) >= MIN_LOUDNESS_SECONDS * sample_rate:
        # Measured on every other frame: half the filtering, and the reading moves by under
        # 0.02 LU (ten rendered melodies, bench/render.py's set). Dropping frames folds the
        # top octave down, where K-weighting is flat, and keeps the mean square.
        step = LOUDNESS_DECIMATION if sample_rate % LOUDNESS_DECIMATION == 0 else 1
        loudness = integrated_loudness(data[::step], sample_rate // step)
        if np.isfinite(loudness):
            return data * np.float32(10 ** ((target_lufs - loudness) / 20))
    peak = float(np.abs(data).max())
    return data * np.float32(10 ** (SHORT_CLIP_PEAK_DB / 20) / peak) if peak else data


def limit_peaks(
    data: np.ndarray, sample_rate: int = SAMPLE_RATE, ceiling_db: float = PEAK_CEILING_DB
) -> np.ndarray:
    """Look-ahead limiter: no sample exceeds `ceiling_db`, gain changes are smoothed.

    The gain each frame needs is held over ±window (minimum filter) and then
    averaged over one window, so the smoothed gain never exceeds what any
    frame needs and changes over ~20 ms rather than instantly.
    """
    ceiling = 10 ** (ceiling_db / 20)
    level = frame_level(data)
    if level.size == 0 or level.max() <= ceiling:
        return data
    needed = np.minimum(1.0, ceiling / np.maximum(level, 1e-12))
    window = max(1, round(LIMITER_WINDOW_SECONDS * sample_rate))
    gain = uniform_filter1d(minimum_filter1d(needed, size=2 * window + 1), size=window)
    # Float rounding of the average may overshoot by ~1e-7: a final hard clamp at the ceiling.
    return np.clip(data * gain[:, None].astype(np.float32), -ceiling, ceiling)


def fade_out(
    data: np.ndarray, sample_rate: int = SAMPLE_RATE, seconds: float = FADE_SECONDS
) -> np.ndarray:
    """Fade the last `seconds` to silence along a half cosine."""
    frames = min(len(data), round(seconds * sample_rate))
    if frames == 0:
        return data
    curve = (0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, frames))).astype(np.float32)
    faded = data.copy()
    faded[-frames:] *= curve[:, None]
    return faded


def prepare(
    pcm: np.ndarray, sample_rate: int = SAMPLE_RATE, target_lufs: float = TARGET_LUFS
) -> np.ndarray:
    """Trimmed, normalised, limited, faded float32 stereo PCM, ready to encode."""
    data = trim_silence(_as_float(pcm), sample_rate)
    data = normalise_loudness(data, sample_rate, target_lufs)
    data = limit_peaks(data, sample_rate)
    return fade_out(data, sample_rate)


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
    return AudioSegment


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
    return encode_mp3(pcm, sample_rate, **options).mp3  # type: ignore[arg-type]
