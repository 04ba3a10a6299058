"""Coding-quality measures of decoded audio against the PCM it was encoded from.

Used by the MP3 quality guard (tests/engine/audio/test_quality.py and
bench/render_quality.py): the in-process LAME must keep the bandwidth and the
signal-to-noise ratio of the ffmpeg encoding it replaced. Both arrays are
float32 stereo (frames, 2) at the same sample rate; `aligned` drops the start-up
delay a decoder plays first when the MP3 has no Info frame saying how long it is.

Public API: `aligned`, `snr_db`, `bandwidth_hz`.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import correlate

BAND_HZ = 250.0  # width of the bands the bandwidth is read in
KEPT_RATIO = 0.1  # a band is kept when the decoded audio has ≥ 10% (−10 dB) of its energy
# Bands holding less of the source's energy (−80 dB) are ignored: there the decoded audio is
# mostly coding noise (FluidR3's samples hold next to nothing above ~13 kHz).
AUDIBLE_SOURCE_RATIO = 1e-8
MAX_DELAY_FRAMES = 2 * 1152  # two MP3 frames: more than LAME's 1105-frame start-up delay


def _common(decoded: np.ndarray, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two signals cut to their common length, as float64."""
    frames = min(len(decoded), len(source))
    return decoded[:frames].astype(np.float64), source[:frames].astype(np.float64)


def aligned(decoded: np.ndarray, source: np.ndarray) -> np.ndarray:
    """`decoded` without the leading frames (0 to `MAX_DELAY_FRAMES`) that best line it up with
    `source`, found by cross-correlating the mid channels."""
    window = min(len(source), len(decoded) - MAX_DELAY_FRAMES)
    if window <= 0:
        return decoded
    heard = decoded[: window + MAX_DELAY_FRAMES].mean(axis=1)
    original = source[:window].mean(axis=1)
    scores = correlate(heard, original, mode="valid", method="fft")
    return decoded[int(np.argmax(scores)) :]


def snr_db(decoded: np.ndarray, source: np.ndarray) -> float:
    """Signal-to-noise ratio of `decoded` against `source`, dB (the coding error as noise)."""
    heard, original = _common(decoded, source)
    noise = float(np.mean(np.square(heard - original)))
    signal = float(np.mean(np.square(original)))
    return float("inf") if noise == 0 else 10 * np.log10(signal / noise)


def _band_energy(signal: np.ndarray, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(lower edge in Hz, energy) of each `BAND_HZ` band of the mid channel's spectrum."""
    spectrum = np.square(np.abs(np.fft.rfft(signal.mean(axis=1))))
    frequencies = np.fft.rfftfreq(len(signal), 1 / sample_rate)
    band = (frequencies // BAND_HZ).astype(int)
    energy = np.bincount(band, weights=spectrum)
    return np.arange(len(energy)) * BAND_HZ, energy


def bandwidth_hz(decoded: np.ndarray, source: np.ndarray, sample_rate: int = 44100) -> float:
    """The upper edge, Hz, of the highest band the encoder kept: the decoded audio holds at
    least `KEPT_RATIO` of the source's energy there (bands where the source is all but
    silent do not count). With broadband input (noise) this edge is the encoder's low-pass;
    with a melody it is how much of the melody's own top end survived."""
    heard, original = _common(decoded, source)
    edges, kept_energy = _band_energy(heard, sample_rate)
    _, source_energy = _band_energy(original, sample_rate)
    audible = source_energy > AUDIBLE_SOURCE_RATIO * source_energy.sum()
    kept = audible & (kept_energy >= KEPT_RATIO * source_energy)
    highest = np.flatnonzero(kept)
    return float(edges[highest[-1]] + BAND_HZ) if highest.size else 0.0
