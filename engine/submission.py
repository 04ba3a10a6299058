"""Reading member-submitted MIDI files safely (filled in by the games work)."""

from __future__ import annotations


class MidiRejected(ValueError):
    """An uploaded MIDI file was refused; `str(error)` is the one-line reason."""
