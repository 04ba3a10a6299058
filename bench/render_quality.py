"""The MP3 quality guard and the in-process CPU figures of the audio bench.

Quality guard (issue 15), on the bench's ten melodies: the bot's in-process
MP3 (lameenc, 192 kbit/s, LAME -q 7) against the same PCM through pydub +
ffmpeg at the same settings (the bot's encoder before), both decoded by ffmpeg:
SNR against the PCM (within 1 dB), the melody's bandwidth kept, the encoder's
low-pass on noise (≥ 16 kHz), bitrate and sample rate (the same).

CPU per stage of a full job, in this process (ffmpeg counted as a child): the
new path's stages, and what the old path spent instead (reverb engine, ffmpeg).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from bench.render_jobs import BOT_BITRATE, ROOM_SEND
from bench.render_measure import own_cpu_seconds
from bot.runtime.jobs import compose_job, init_worker, warm_renderer
from engine.audio.export import ffmpeg_mp3
from engine.audio.lame import encode_pcm
from engine.audio.master import prepare
from engine.audio.mp3 import LAME_QUALITY
from engine.audio.quality import aligned, bandwidth_hz, snr_db
from engine.audio.synth import Renderer
from engine.compose.composer import compose
from engine.melody import Melody
from engine.midi import to_midi_bytes
from engine.params.melody import resolve
from engine.picture.pianoroll import render_png
from tests.engine.audio.audio_helpers import decode_mp3

NOISE_SECONDS = 5.0


def _cpu_of(work: Callable[[], Any]) -> tuple[Any, float]:
    """`work()`'s result and the CPU seconds it took (children included)."""
    before = own_cpu_seconds()
    result = work()
    return result, own_cpu_seconds() - before


def quality_guard(melodies: list[Melody], soundfont: Path) -> dict[str, object]:
    """Per encoder ("ours", "ffmpeg"): SNR dB and bandwidth Hz per melody, encode CPU-s per
    melody, the set of (bit_rate, sample_rate) seen, and the low-pass on noise (Hz)."""
    results: dict[str, dict[str, list[Any]]] = {
        name: {"snr": [], "bandwidth": [], "cpu": [], "format": []} for name in ("ours", "ffmpeg")
    }
    init_worker(soundfont)
    renderer = warm_renderer()
    for melody in melodies:
        source = prepare(renderer.render_float(melody))
        encoders = {
            "ours": lambda s=source: encode_pcm(s, BOT_BITRATE, 44100, LAME_QUALITY, "t"),
            "ffmpeg": lambda s=source: ffmpeg_mp3(s, BOT_BITRATE, LAME_QUALITY, "t"),
        }
        for name, encode in encoders.items():
            mp3, cpu = _cpu_of(encode)
            decoded, info = decode_mp3(mp3)
            decoded = aligned(decoded, source)
            figures = results[name]
            figures["snr"].append(snr_db(decoded, source))
            figures["bandwidth"].append(bandwidth_hz(decoded, source))
            figures["cpu"].append(cpu)
            figures["format"].append((info["bit_rate"], info["sample_rate"]))
    noise = np.random.default_rng(15).uniform(-0.3, 0.3, (round(NOISE_SECONDS * 44100), 2))
    noise = noise.astype(np.float32)
    ours_noise = decode_mp3(encode_pcm(noise, BOT_BITRATE, 44100, LAME_QUALITY))[0]
    ffmpeg_noise = decode_mp3(ffmpeg_mp3(noise, BOT_BITRATE, LAME_QUALITY))[0]
    return {
        "results": results,
        "lowpass_ours": bandwidth_hz(aligned(ours_noise, noise), noise),
        "lowpass_ffmpeg": bandwidth_hz(aligned(ffmpeg_noise, noise), noise),
    }


def cpu_breakdown(melodies: list[Melody], soundfont: Path) -> dict[str, float]:
    """Mean CPU seconds per stage of a full job over `melodies`, in this process."""
    init_worker(soundfont)
    dry = warm_renderer()
    totals: dict[str, float] = {}

    def add(name: str, work: Callable[[], Any]) -> Any:
        result, cpu = _cpu_of(work)
        totals[name] = totals.get(name, 0.0) + cpu
        return result

    with Renderer(soundfont, reverb_send=ROOM_SEND) as room:
        for melody in melodies:
            add("compose", partial(compose, melody.params))
            add("MIDI", partial(to_midi_bytes, melody))
            pcm = add("render (dry)", partial(dry.render_float, melody))
            add("old: render (reverb engine on)", partial(room.render_float, melody))
            data = add("trim+loudness+fade", partial(prepare, pcm))
            add("MP3 (lameenc)", partial(encode_pcm, data, BOT_BITRATE, 44100, LAME_QUALITY))
            add("old: MP3 (pydub+ffmpeg)", partial(ffmpeg_mp3, data, BOT_BITRATE, 7))
            add("picture", partial(render_png, melody))
    return {name: total / len(melodies) for name, total in totals.items()}


def longest_melody(soundfont: Path) -> tuple[int, int, float]:
    """(MP3 bytes, kbit/s, seconds) of the longest melody: 64 bars of 4/4 at 40 BPM."""
    init_worker(soundfont)
    rendered = compose_job(resolve({"bars": "64", "tempo": "40", "time": "4/4"}, random_seed=64))
    if rendered.mp3 is None:
        raise RuntimeError("the longest melody's job made no MP3")
    kbps = round(len(rendered.mp3) * 8 / rendered.duration_seconds / 1000)  # CBR: size/length
    return len(rendered.mp3), kbps, rendered.duration_seconds
