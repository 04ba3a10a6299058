"""Mastering DSP on float PCM: trim silence, loudness to −16 LUFS, peak limiter, fade-out.

Steps of `prepare`, in order: trim leading and trailing silence; set the
integrated loudness to `TARGET_LUFS` (ITU-R BS.1770 with pyloudnorm's filters,
vectorised: `integrated_loudness`); keep peaks under `PEAK_CEILING_DB` with a
look-ahead limiter (rarely needed: a solo instrument at −16 LUFS peaks near
−5 dBFS); fade out. Everything works on float32 stereo (frames, 2) arrays in ±1;
times are seconds, levels dB/dBFS/LUFS.

Public API: `prepare`, `as_float_stereo`, `frame_level`, `trim_silence`,
`integrated_loudness`, `normalise_loudness`, `limit_peaks`, `fade_out`,
`TARGET_LUFS`, `FADE_SECONDS`.
"""

from __future__ import annotations

import functools

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import sosfilt, tf2sos

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


def as_float_stereo(pcm: np.ndarray) -> np.ndarray:
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
    level: np.ndarray = np.maximum(np.abs(data[:, 0]), np.abs(data[:, 1]))
    return level


def trim_silence(data: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Drop leading and trailing frames quieter than `TRIM_THRESHOLD_DB` below the peak."""
    level = frame_level(data)
    peak = float(level.max()) if level.size else 0.0
    if peak == 0.0:
        return data[:0]
    loud = level > peak * 10 ** (TRIM_THRESHOLD_DB / 20)
    # First and last loud frames by argmax over booleans: no index array (8 bytes a frame).
    first, last = int(np.argmax(loud)), len(loud) - 1 - int(np.argmax(loud[::-1]))
    start = max(0, first - round(TRIM_MARGIN_SECONDS * sample_rate))
    return data[start : last + 1]


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
    block boundaries, its gating; equal to within 0.001 LU, tests/engine/audio/test_encode.py),
    but vectorised: pyloudnorm sums each 400 ms block in a Python loop over a float64
    copy, which took ~50 ms of a 30 s melody; block energies here come from one
    cumulative sum.
    """
    sos, gain = _k_weighting(sample_rate)
    # Channel by channel (float64, squared in place): a worker's peak memory holds one
    # filtered channel rather than both, at the same figures.
    frame_energy = np.zeros(len(data))
    for channel in range(data.shape[1]):
        weighted = sosfilt(sos, data[:, channel])
        frame_energy += np.square(weighted, out=weighted)
        del weighted
    energy = np.concatenate(([0.0], np.cumsum(frame_energy)))
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
    limited = data.copy()
    _limit_in_place(limited, sample_rate, ceiling_db)
    return limited


def _limit_in_place(data: np.ndarray, sample_rate: int, ceiling_db: float) -> None:
    ceiling = 10 ** (ceiling_db / 20)
    level = frame_level(data)
    if level.size == 0 or level.max() <= ceiling:
        return
    # Each per-frame array is dropped as soon as the next exists: a worker's peak memory.
    needed = np.minimum(1.0, ceiling / np.maximum(level, 1e-12))
    del level
    window = max(1, round(LIMITER_WINDOW_SECONDS * sample_rate))
    held = minimum_filter1d(needed, size=2 * window + 1)
    del needed
    gain = uniform_filter1d(held, size=window)
    del held
    data *= gain[:, None].astype(np.float32, copy=False)
    # Float rounding of the average may overshoot by ~1e-7: a final hard clamp at the ceiling.
    np.clip(data, -ceiling, ceiling, out=data)


def fade_out(
    data: np.ndarray, sample_rate: int = SAMPLE_RATE, seconds: float = FADE_SECONDS
) -> np.ndarray:
    """Fade the last `seconds` to silence along a half cosine."""
    faded = data.copy()
    _fade_in_place(faded, sample_rate, seconds)
    return faded


def _fade_in_place(data: np.ndarray, sample_rate: int, seconds: float) -> None:
    frames = min(len(data), round(seconds * sample_rate))
    if frames:
        curve = (0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, frames))).astype(np.float32)
        data[-frames:] *= curve[:, None]


def prepare(
    pcm: np.ndarray, sample_rate: int = SAMPLE_RATE, target_lufs: float = TARGET_LUFS
) -> np.ndarray:
    """Trimmed, normalised, limited, faded float32 stereo PCM, ready to encode (`pcm` is
    left as it was)."""
    data = trim_silence(as_float_stereo(pcm), sample_rate)
    data = normalise_loudness(data, sample_rate, target_lufs)
    if np.may_share_memory(data, pcm):  # silence or an empty clip: nothing was scaled
        data = data.copy()
    # In place on this function's own copy: one melody-sized array fewer at the peak.
    _limit_in_place(data, sample_rate, PEAK_CEILING_DB)
    _fade_in_place(data, sample_rate, FADE_SECONDS)
    return data
