"""MP3 encoding with LAME in-process (decoded with real ffmpeg): format, loudness, trimming,
fade-out, the title and the 10 MiB limit."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from engine.audio.master import TARGET_LUFS, integrated_loudness, normalise_loudness, prepare
from engine.audio.mp3 import MAX_BYTES, choose_bitrate, encode_mp3, to_mp3
from engine.audio.soundfont import find_soundfont
from engine.audio.synth import SAMPLE_RATE, Renderer
from tests.engine.audio.audio_helpers import decode_mp3, scale_melody

# MP3 decoders add up to ~50 ms of encoder delay and padding.
CODEC_SLACK_SECONDS = 0.08


@pytest.fixture(scope="module")
def rendered():
    """A real piano render (int16) of a two-bar scale with chords: ~4 s."""
    with Renderer(find_soundfont()) as renderer:
        return renderer.render(scale_melody(bars=2))


def _tone(seconds: float, amplitude: float, hz: float = 440.0) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    mono = (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


def _loudness(pcm: np.ndarray) -> float:
    return pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(pcm.astype(np.float64))


def test_mp3_is_44k1_stereo_at_128_kbps_or_better(rendered):
    pcm, info = decode_mp3(to_mp3(rendered))
    assert info["codec_name"] == "mp3"
    assert info["sample_rate"] == "44100"
    assert info["channels"] == "2"
    assert int(info["bit_rate"]) >= 128_000
    assert len(pcm) > 3 * SAMPLE_RATE


def test_loudness_is_normalised_to_about_minus_16_lufs(rendered):
    pcm, _ = decode_mp3(to_mp3(rendered))
    assert abs(_loudness(pcm) - TARGET_LUFS) < 1.0


def test_our_loudness_meter_reads_what_pyloudnorm_reads(rendered):
    """The vectorised meter must set the same level as the reference implementation."""
    pcm = rendered.astype(np.float32) / 32768
    assert integrated_loudness(pcm) == pytest.approx(_loudness(pcm), abs=1e-3)
    quiet = pcm * np.float32(0.05)  # -26 dB: the gates move with the level
    assert integrated_loudness(quiet) == pytest.approx(_loudness(quiet), abs=1e-3)
    assert integrated_loudness(np.zeros_like(pcm)) == float("-inf")


def test_normalised_audio_reads_minus_16_lufs_on_the_reference_meter(rendered):
    normalised = normalise_loudness(rendered.astype(np.float32) / 32768)
    assert _loudness(normalised) == pytest.approx(TARGET_LUFS, abs=0.1)


def test_quiet_and_loud_inputs_come_out_equally_loud():
    quiet, _ = decode_mp3(to_mp3(_tone(3.0, 0.01)))
    loud, _ = decode_mp3(to_mp3(_tone(3.0, 0.7)))
    assert abs(_loudness(quiet) - _loudness(loud)) < 0.5


def test_leading_and_trailing_silence_is_trimmed():
    silence = np.zeros((SAMPLE_RATE, 2), dtype=np.float32)
    padded = np.concatenate([silence, _tone(2.0, 0.3), silence, silence])
    pcm, _ = decode_mp3(to_mp3(padded))
    assert 2.0 - CODEC_SLACK_SECONDS <= len(pcm) / SAMPLE_RATE <= 2.0 + CODEC_SLACK_SECONDS
    level = np.abs(pcm).max(axis=1)
    first_sound = np.flatnonzero(level > 0.01)[0] / SAMPLE_RATE
    assert first_sound < CODEC_SLACK_SECONDS


def test_the_end_fades_out():
    prepared = prepare(_tone(2.0, 0.3))
    middle = np.abs(prepared[SAMPLE_RATE // 2 : SAMPLE_RATE]).max()
    last_10_ms = np.abs(prepared[-SAMPLE_RATE // 100 :]).max()
    assert last_10_ms < 0.05 * middle


def test_peaks_stay_under_minus_1_dbfs_even_for_spiky_input():
    spiky = np.zeros((3 * SAMPLE_RATE, 2), dtype=np.float32)
    spiky[:: SAMPLE_RATE // 4] = 0.9  # clicks: loud peaks, little loudness
    spiky += _tone(3.0, 0.001)
    prepared = prepare(spiky)
    assert np.abs(prepared).max() <= 10 ** (-1 / 20) + 1e-6


def test_silence_and_very_short_clips_still_give_a_playable_mp3():
    for pcm in (np.zeros((SAMPLE_RATE, 2), dtype=np.int16), _tone(0.1, 0.5)):
        decoded, info = decode_mp3(to_mp3(pcm))
        assert info["codec_name"] == "mp3" and len(decoded) > 0


def test_the_longest_melody_fits_discord_at_128_kbps_or_better():
    # 64 bars of 4/4 at 40 BPM is 384 s, plus up to 2 s of reverb tail. CBR size grows
    # linearly with length, so a 20 s encode at the bitrate chosen for the longest length
    # gives its size (bench/render.py encodes the real 386 s render and prints its size).
    longest = 64 * 4 * 60 / 40 + 2.0
    kbps = choose_bitrate(longest)
    assert kbps >= 128
    sample = encode_mp3(_tone(20.0, 0.3), bitrate_kbps=kbps)
    assert sample.bitrate_kbps == kbps
    assert len(sample.mp3) / sample.seconds * longest <= MAX_BYTES


def test_bitrate_is_lowered_only_when_the_file_would_not_fit():
    assert choose_bitrate(30.0) == 192
    assert choose_bitrate(30.0, max_bytes=500_000) == 128
    encoded = encode_mp3(_tone(30.0, 0.3), max_bytes=500_000)
    assert len(encoded.mp3) <= 500_000 and encoded.bitrate_kbps == 128


def test_the_title_is_the_mp3s_id3_title_in_any_script(rendered):
    title = "Ünïcode E♭ dorian 旋律, seed 7"
    _, info = decode_mp3(to_mp3(rendered, title=title))
    assert info["title"] == title


def test_an_untitled_mp3_has_no_title_tag(rendered):
    mp3 = to_mp3(rendered)
    _, info = decode_mp3(mp3)
    assert "title" not in info and not mp3.startswith(b"ID3")


def test_the_mp3_plays_for_as_long_as_the_music(rendered):
    source = prepare(rendered)
    decoded, _ = decode_mp3(to_mp3(rendered, title="x"))
    assert abs(len(decoded) - len(source)) / SAMPLE_RATE < CODEC_SLACK_SECONDS
