"""Rendering melodies to audio in-process with a warm FluidSynth (pyfluidsynth).

A `Renderer` loads its SoundFont once and is reused for every melody, so a job
pays only for synthesis. Note events are fed to the synth between blocks of
samples: the audio between two events is rendered in one call, then the next
events are applied. After the last note the reverb and release tail is rendered
until it falls silent, at most `MAX_TAIL_SECONDS`.

Costs cut (measured in bench/render.py): `synth.dynamic-sample-loading` loads
only the samples of the presets used (FluidR3 GM: 0.04 s and ~60 MB instead of
0.5 s and ~190 MB per worker), chorus is off, polyphony is capped, and the
synth's own locking is off because one worker owns it.

Public API: `Renderer`, `SAMPLE_RATE`, `MAX_TAIL_SECONDS`, `note_events`.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np

# pyfluidsynth prints where it found the library when CI is set; keep stdout (the console's
# output, the CLI's JSON) clean.
with contextlib.redirect_stdout(io.StringIO()):
    import fluidsynth

from engine.melody import Melody
from engine.midi import CHORD_CHANNEL, CHORD_VELOCITY, MELODY_CHANNEL
from engine.theory.instruments import program_for

SAMPLE_RATE = 44100  # Hz
MAX_TAIL_SECONDS = 2.0  # longest release/reverb tail kept after the last note ends
TAIL_BLOCK_SECONDS = 0.05  # tail is rendered in blocks this long until it is silent
SILENCE_DB = -60.0  # a tail block this far below the melody's peak counts as silence
SYNTH_GAIN = 0.4  # FluidSynth master gain; loudness is normalised later, this keeps headroom
REVERB_FLUSH_FRAMES = 4096  # longer than the reverb's longest delay line (~1,700 frames)
POLYPHONY = 64  # voices; a melody plus chords never needs more

# Event kinds in sort order: at equal times a note ends before a repeat of it starts.
NOTE_OFF, NOTE_ON = 0, 1

# int fluid_synth_write_float(synth, len, lout, loff, lincr, rout, roff, rincr): pyfluidsynth
# only wraps the 16-bit writer, and float output lets the encoder normalise without clipping.
_write_float = fluidsynth.cfunc(
    "fluid_synth_write_float", ctypes.c_int,
    ("synth", ctypes.c_void_p, 1), ("len", ctypes.c_int, 1),
    ("lout", ctypes.c_void_p, 1), ("loff", ctypes.c_int, 1), ("lincr", ctypes.c_int, 1),
    ("rout", ctypes.c_void_p, 1), ("roff", ctypes.c_int, 1), ("rincr", ctypes.c_int, 1),
)  # fmt: skip


Event = tuple[int, int, int, int, int]  # (frame, kind, channel, pitch, velocity)


def note_events(melody: Melody, sample_rate: int = SAMPLE_RATE) -> list[Event]:
    """Sorted (frame, kind, channel, pitch, velocity) events of the melody and its chords.

    Frames are sample positions at `sample_rate` Hz; chords are included when
    the melody's params ask for them, on their own channel, as in the MIDI file.
    """
    frames_per_beat = sample_rate * 60.0 / melody.params.tempo
    voices = [(MELODY_CHANNEL, n.pitch, n.start, n.end, n.velocity) for n in melody.notes]
    if melody.params.chords:
        voices += [
            (CHORD_CHANNEL, p, c.start, c.start + c.duration, CHORD_VELOCITY)
            for c in melody.chords
            for p in c.pitches
        ]
    events = []
    for channel, pitch, start, end, velocity in voices:
        if not 0 <= pitch <= 127 or end <= start:
            continue
        velocity = min(max(int(velocity), 1), 127)
        events.append((round(start * frames_per_beat), NOTE_ON, channel, pitch, velocity))
        events.append((round(end * frames_per_beat), NOTE_OFF, channel, pitch, 0))
    return sorted(events)


class Renderer:
    """A warm FluidSynth synth with one SoundFont loaded; renders melodies to PCM.

    Not thread-safe: each worker process owns one.
    """

    def __init__(self, soundfont_path: Path | str, sample_rate: int = SAMPLE_RATE) -> None:
        self.soundfont_path = Path(soundfont_path)
        self.sample_rate = sample_rate
        self._synth = fluidsynth.Synth(
            gain=SYNTH_GAIN,
            samplerate=float(sample_rate),
            channels=16,
            **{
                "synth.dynamic-sample-loading": 1,
                "synth.chorus.active": 0,
                "synth.polyphony": POLYPHONY,
                "synth.threadsafe-api": 0,
            },
        )
        self._sfid = self._synth.sfload(str(self.soundfont_path))
        self._scratch = np.zeros((REVERB_FLUSH_FRAMES, 2), dtype=np.float32)
        if self._sfid < 0:
            raise RuntimeError(f"FluidSynth could not load the SoundFont {self.soundfont_path}.")

    def close(self) -> None:
        """Free the synth and its SoundFont."""
        if self._synth is not None:
            self._synth.delete()
            self._synth = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self, out: np.ndarray, start: int, frames: int) -> None:
        """Render `frames` frames into interleaved float32 `out` from frame `start`."""
        if frames > 0:
            address = out.ctypes.data + start * 2 * out.itemsize
            _write_float(self._synth.synth, frames, address, 0, 2, address, 1, 2)

    def _reset(self, program: int) -> None:
        """Silence every voice, empty the reverb, and select the melody's instrument.

        FluidSynth has no call that clears the reverb's delay lines (system_reset
        leaves them ringing), so a few thousand frames are rendered with the room
        size at 0, which drains them, and thrown away.
        """
        synth = self._synth
        synth.system_reset()
        for channel in range(16):
            synth.all_sounds_off(channel)
        room, damping = synth.get_reverb_roomsize(), synth.get_reverb_damp()
        synth.set_reverb(roomsize=0.0, damping=1.0)
        self._write(self._scratch, 0, len(self._scratch))
        synth.set_reverb(roomsize=room, damping=damping)
        for channel in (MELODY_CHANNEL, CHORD_CHANNEL):
            synth.program_select(channel, self._sfid, 0, program)

    def render_chunks(self, melody: Melody) -> Iterator[np.ndarray]:
        """Render the melody, yielding each stretch of float32 stereo PCM as soon as it exists.

        Chunks are consecutive, shape (frames, 2), views into one buffer: the
        audio between two note events, then the tail in `TAIL_BLOCK_SECONDS`
        blocks until it is `SILENCE_DB` below the peak, at most `MAX_TAIL_SECONDS`.
        This is what streaming into an encoder would consume (see bench/render.py).
        """
        self._reset(program_for(melody.params.instrument))
        events = note_events(melody, self.sample_rate)
        body = round(melody.duration_seconds * self.sample_rate)
        if events:
            body = max(body, events[-1][0])
        max_tail = round(MAX_TAIL_SECONDS * self.sample_rate)
        out = np.zeros((body + max_tail, 2), dtype=np.float32)
        now = 0
        for frame, kind, channel, pitch, velocity in events:
            if frame > now:
                self._write(out, now, frame - now)
                yield out[now:frame]
                now = frame
            if kind == NOTE_ON:
                self._synth.noteon(channel, pitch, velocity)
            else:
                self._synth.noteoff(channel, pitch)
        if body > now:
            self._write(out, now, body - now)
            yield out[now:body]
        peak = float(np.abs(out[:body]).max()) if body else 0.0
        threshold = peak * 10 ** (SILENCE_DB / 20)
        block = round(TAIL_BLOCK_SECONDS * self.sample_rate)
        end = body
        while end < body + max_tail:
            frames = min(block, body + max_tail - end)
            self._write(out, end, frames)
            yield out[end : end + frames]
            end += frames
            if float(np.abs(out[end - frames : end]).max()) <= threshold:
                break

    def render_float(self, melody: Melody) -> np.ndarray:
        """The melody as float32 stereo PCM at `sample_rate` Hz, shape (frames, 2), about ±1.

        Length: the melody's whole bars (or its last note-off, if later) plus the
        tail until silent, at most `MAX_TAIL_SECONDS`.
        """
        frames, buffer = 0, None
        for chunk in self.render_chunks(melody):
            frames += len(chunk)
            buffer = chunk.base  # every chunk is a view of the same buffer: no copying
        if buffer is None:
            return np.zeros((0, 2), dtype=np.float32)
        return buffer[:frames]

    def render(self, melody: Melody) -> np.ndarray:
        """The melody as int16 stereo PCM at `sample_rate` Hz, shape (frames, 2).

        Scaled down only if the float render would clip.
        """
        pcm = self.render_float(melody)
        peak = float(np.abs(pcm).max()) if pcm.size else 0.0
        if peak > 1.0:
            pcm = pcm / peak
        return np.round(pcm * 32767).astype(np.int16)
