"""The piano roll's colours: a `Palette`, chosen by the caller for the chat it posts to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """The picture's colours (hex), chosen by the caller for the chat it is posted to."""

    background: str
    white_row: str
    black_row: str
    grid: str
    bar_line: str
    text: str
    note: str
    note_edge: str
    chord: str
    chord_alpha: float = 0.22


# For a dark chat background such as Discord's dark theme (#313338), where the bot posts.
DARK_PALETTE = Palette(
    background="#313338",
    white_row="#2b2d31",
    black_row="#232428",
    grid="#4e5058",
    bar_line="#80848e",
    text="#dbdee1",
    note="#f0b232",
    note_edge="#fff3c4",
    chord="#5865f2",
)
