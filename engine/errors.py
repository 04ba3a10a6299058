"""The engine's error types, in one leaf module that imports nothing from the project.

Each error's `str()` is the one line a user sees.

Public API: `ParamError`, `MidiRejected`, `SoundFontMissing`, `EncodeError`.
"""

from __future__ import annotations


class ParamError(ValueError):
    """Bad user input. `str(error)` is the one-line message a user sees."""

    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.token = token


class MidiRejected(ValueError):
    """An uploaded MIDI file was refused; `str(error)` is the one-line reason."""


class EncodeError(RuntimeError):
    """ffmpeg is missing or failed; `str(error)` says which and how to fix it."""


class SoundFontMissing(RuntimeError):
    """No usable SoundFont; `str(error)` is a one-line message saying how to fix it."""
