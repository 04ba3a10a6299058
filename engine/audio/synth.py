"""Rendering melodies to audio in-process with a warm FluidSynth (pyfluidsynth).

A `Renderer` loads its SoundFont once and is reused for every melody, so a job
pays only for synthesis. Note events are fed to the synth between blocks of
samples: the audio between two note events is rendered in one call, then the
next events are applied. After the last note the release tail is rendered until
it falls silent, at most `MAX_TAIL_SECONDS`.

Room sound is an explicit choice, `reverb_send` (MIDI CC 91, 0–127):
- None (the default, `DEFAULT_REVERB_SEND`): FluidSynth's reverb engine is off. After
  `system_reset` every channel's reverb send is 0, so the engine added nothing
  audible (reverb on vs off: −124 to −132 dB relative on the bench's ten melodies,
  issue 15) while costing about a quarter of rendering.
- 0–127: the engine is on and both channels send that much to it (the room you
  hear); each melody then starts by draining the previous one's reverb. Its CPU
  cost is measured in bench/render.py ("room sound").
Chorus is off: with CC 93 at 0 it was bit-identical to no chorus.

Other costs cut (measured in bench/render.py): `synth.dynamic-sample-loading` loads
only the samples of the presets used (FluidR3 GM: 0.04 s and ~60 MB instead of
0.5 s and ~190 MB per worker), polyphony is capped, and the synth's own locking
is off because one worker owns it.

Public API: `Renderer`, `SAMPLE_RATE`, `MAX_TAIL_SECONDS`, `DEFAULT_REVERB_SEND`,
`note_events`.
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
from engine.theory.instruments import chord_program, program_for

SAMPLE_RATE = 44100  # Hz
MAX_TAIL_SECONDS = 2.0  # longest release (or reverb) tail kept after the last note ends
TAIL_BLOCK_SECONDS = 0.05  # tail is rendered in blocks this long until it is silent
SILENCE_DB = -60.0  # a tail block this far below the melody's peak counts as silence
SYNTH_GAIN = 0.4  # FluidSynth master gain; loudness is normalised later, this keeps headroom
REVERB_FLUSH_FRAMES = 4096  # longer than the reverb's longest delay line (~1,700 frames)
POLYPHONY = 64  # voices; a melody plus chords never needs more
# FluidSynth renders in blocks of this many frames and applies events at block starts.
FLUID_BLOCK_FRAMES = 64
REVERB_SEND_CC = 91  # General MIDI "effects 1 depth": a channel's send to the reverb
DEFAULT_REVERB_SEND = None  # dry: no reverb engine (see the module docstring)

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

    def __init__(
        self,
        soundfont_path: Path | str,
        sample_rate: int = SAMPLE_RATE,
        *,
        reverb_send: int | None = DEFAULT_REVERB_SEND,
    ) -> None:
        """`sample_rate` in Hz; `reverb_send` None for a dry sound (no reverb engine), or
        0–127, the MIDI CC 91 both channels send to FluidSynth's reverb."""
        if reverb_send is not None and not 0 <= reverb_send <= 127:
            raise ValueError(f"reverb_send must be None or 0–127 (MIDI CC 91), not {reverb_send}.")
        self.soundfont_path = Path(soundfont_path)
        self.sample_rate = sample_rate
        self.reverb_send = reverb_send
        self._synth = fluidsynth.Synth(
            gain=SYNTH_GAIN,
            samplerate=float(sample_rate),
            channels=16,
            **{
                "synth.dynamic-sample-loading": 1,
                "synth.reverb.active": int(reverb_send is not None),
                "synth.chorus.active": 0,
                "synth.polyphony": POLYPHONY,
                "synth.threadsafe-api": 0,
            },
        )
        self._sfid = self._synth.sfload(str(self.soundfont_path))
        flush_frames = FLUID_BLOCK_FRAMES if reverb_send is None else REVERB_FLUSH_FRAMES
        self._scratch = np.zeros((flush_frames, 2), dtype=np.float32)
        self._frames_written = 0  # since the synth was made: where its block cycle stands
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
            self._frames_written += frames

    def _reset(self, program: int) -> None:
        """Silence every voice, empty the reverb if there is one, and select the instrument.

        The synth is then at the start of one of its blocks, so each melody's events
        fall on the same sample positions within blocks whatever was rendered before:
        a warm renderer renders a melody the same way every time.
        """
        synth = self._synth
        synth.system_reset()
        for channel in range(16):
            synth.all_sounds_off(channel)
        if self.reverb_send is not None:
            self._drain_reverb()
        self._write(self._scratch, 0, -self._frames_written % FLUID_BLOCK_FRAMES)
        # Chords on their own program, as in the MIDI file: never a second flute.
        programs = {MELODY_CHANNEL: program, CHORD_CHANNEL: chord_program(program)}
        for channel, channel_program in programs.items():
            synth.program_select(channel, self._sfid, 0, channel_program)
            if self.reverb_send is not None:
                synth.cc(channel, REVERB_SEND_CC, self.reverb_send)

    def _drain_reverb(self) -> None:
        """Empty the reverb's delay lines, so the last melody's room does not ring on.

        A few thousand frames are rendered with the room size at 0, which drains
        them, and thrown away. The room size and damping are set one by one:
        pyfluidsynth's `set_reverb` passes −1 for the parameters not given, which
        FluidSynth applies, and a level of −1 silences the reverb. (Before issue 15
        this drain did that, so the bot's reverb was silent from its first melody.)
        """
        synth = self._synth
        room, damping = synth.get_reverb_roomsize(), synth.get_reverb_damp()
        synth.set_reverb_roomsize(0.0)
        synth.set_reverb_damp(1.0)
        self._write(self._scratch, 0, len(self._scratch))
        synth.set_reverb_roomsize(room)
        synth.set_reverb_damp(damping)

    def render_chunks(self, melody: Melody) -> Iterator[np.ndarray]:
        """Render the melody, yielding each stretch of float32 stereo PCM as soon as it exists.

        Chunks are consecutive, shape (frames, 2), views into one buffer: the
        audio between two note events, then the tail in `TAIL_BLOCK_SECONDS`
        blocks until it is `SILENCE_DB` below the peak, at most `MAX_TAIL_SECONDS`.
        This is what streaming into an encoder would consume; the bot does not stream,
        since loudness is measured on the whole render first (engine/audio/mp3.py).
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
