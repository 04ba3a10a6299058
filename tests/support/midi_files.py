"""MIDI files as a member would upload them, written with mido (not with the bot's own writer)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import mido

TICKS_PER_BEAT = 480


def quarter_note_file(key: str, pitches: Iterable[int], tempo_bpm: int | None = None) -> bytes:
    """A one-track file in `key`: each pitch a quarter note (one beat), back to back, in 4/4."""
    track = mido.MidiTrack()
    if tempo_bpm is not None:
        track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo_bpm)))
        track.append(mido.MetaMessage("time_signature", numerator=4, denominator=4))
    track.append(mido.MetaMessage("key_signature", key=key, time=0))
    for pitch in pitches:
        track.append(mido.Message("note_on", note=pitch, velocity=80, time=0))
        track.append(mido.Message("note_off", note=pitch, velocity=0, time=TICKS_PER_BEAT))
    midi = mido.MidiFile(ticks_per_beat=TICKS_PER_BEAT)
    midi.tracks.append(track)
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()
