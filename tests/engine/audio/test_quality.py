"""The MP3 quality guard: in-process LAME against the ffmpeg encoding it replaced.

Two rendered melodies (piano with chords, flute alone), both encoded at 192 kbit/s
LAME -q 7, once by `engine.audio.mp3` and once by ffmpeg through pydub (the
bot's encoder before issue 15), decoded with ffmpeg and compared to the PCM
they came from: what a listener would hear as dullness (bandwidth) or as noise
(SNR). bench/render_quality.py runs the same guard on the bench's ten melodies.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.audio.export import ffmpeg_mp3
from engine.audio.lame import encode_pcm
from engine.audio.master import prepare
from engine.audio.mp3 import LAME_QUALITY, encode_mp3
from engine.audio.quality import BAND_HZ, aligned, bandwidth_hz, snr_db
from engine.audio.soundfont import find_soundfont
from engine.audio.synth import Renderer
from tests.engine.audio.audio_helpers import decode_mp3, scale_melody

MIN_BANDWIDTH_HZ = 16_000
SNR_TOLERANCE_DB = 1.0


@pytest.fixture(scope="module", params=["piano", "flute"])
def both_encodings(request):
    """(PCM as encoded, our MP3 decoded + info, ffmpeg's MP3 decoded + info) for one melody.

    Ours has no Info frame, so its decoding starts with LAME's delay: `aligned` drops it."""
    melody = scale_melody(
        bars=4, tempo=100, instrument=request.param, chords=request.param == "piano"
    )
    with Renderer(find_soundfont()) as renderer:
        pcm = renderer.render_float(melody)
    ours = encode_mp3(pcm, bitrate_kbps=192)
    source = prepare(pcm)  # what both encoders are given
    theirs = ffmpeg_mp3(source, 192, LAME_QUALITY)
    (ours_pcm, ours_info), theirs_decoded = decode_mp3(ours.mp3), decode_mp3(theirs)
    return source, (aligned(ours_pcm, source), ours_info), theirs_decoded


def test_the_in_process_mp3_keeps_the_melodys_top_end(both_encodings):
    source, (ours, _), (theirs, _) = both_encodings
    assert bandwidth_hz(ours, source) >= bandwidth_hz(theirs, source) - BAND_HZ


def test_the_in_process_low_pass_is_16_khz_or_higher_like_ffmpegs():
    """Broadband noise shows the encoder's own low-pass (the melodies hold little above 13 kHz)."""
    noise = np.random.default_rng(15).uniform(-0.3, 0.3, (5 * 44100, 2)).astype(np.float32)
    ours = aligned(decode_mp3(encode_pcm(noise, 192, 44100, LAME_QUALITY))[0], noise)
    theirs, _ = decode_mp3(ffmpeg_mp3(noise, 192, LAME_QUALITY))
    assert bandwidth_hz(ours, noise) >= MIN_BANDWIDTH_HZ
    assert bandwidth_hz(ours, noise) >= bandwidth_hz(theirs, noise) - BAND_HZ


def test_the_in_process_mp3_is_no_noisier_than_ffmpegs(both_encodings):
    source, (ours, _), (theirs, _) = both_encodings
    assert snr_db(ours, source) >= snr_db(theirs, source) - SNR_TOLERANCE_DB
    assert snr_db(ours, source) > 20  # coding noise far below the music


def test_the_in_process_mp3_has_ffmpegs_bitrate_and_sample_rate(both_encodings):
    _, (_, ours), (_, theirs) = both_encodings
    for key in ("sample_rate", "channels", "bit_rate"):
        assert ours[key] == theirs[key]
    assert (ours["sample_rate"], ours["bit_rate"]) == ("44100", "192000")
