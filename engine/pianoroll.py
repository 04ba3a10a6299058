"""Piano-roll pictures of melodies: PNG, at most 200 KB, readable on Discord's dark theme.

Note bars lie on a pitch grid (black-key rows darker, note names on the
axis); bar lines are solid and beats faint; each chord shades the rows of its
pitch classes behind the melody and is named above the roll.

Uses matplotlib's object API (`Figure`, no pyplot) so nothing global is kept
between pictures in a long-lived worker.

Public API: `render_png`, `MAX_PNG_BYTES`.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image

from engine.melody import Melody
from engine.theory import note_name

MAX_PNG_BYTES = 200 * 1024
WIDTH_PX, DPI = 1100, 100
ROW_PX = 14  # height of one semitone row, pixels: note names stay legible at 8 pt
MIN_HEIGHT_PX, MAX_HEIGHT_PX, MARGIN_PX = 440, 900, 110
MAX_BEAT_LINES = 160  # beyond this only bar lines are drawn, so long tunes don't turn grey
MIN_SYMBOL_PX = 24  # a chord symbol needs this much width, pixels, or it is skipped
MIN_SPAN = 13  # semitones shown at least, so a narrow tune still reads as a melody
MAX_LABELLED_ROWS = 25  # above this only naturals (C D E …) are named on the pitch axis
PALETTE_COLOURS = 96  # colours kept when a picture must be shrunk to fit MAX_PNG_BYTES

# Discord dark theme: chat background #313338; chosen for contrast against it.
BACKGROUND = "#313338"
ROLL_WHITE_ROW = "#2b2d31"
ROLL_BLACK_ROW = "#232428"
GRID = "#4e5058"
BAR_LINE = "#80848e"
TEXT = "#dbdee1"
NOTE = "#f0b232"
NOTE_EDGE = "#fff3c4"
CHORD = "#5865f2"
BLACK_KEYS = frozenset({1, 3, 6, 8, 10})


def _rectangles(ax, left, width, row, height: float, zorder: int, **style) -> None:
    """Rectangles centred on pitch rows, as one collection (fast for thousands of notes).

    `left` and `width` are in beats, `row` in MIDI pitch; arrays broadcast together.
    """
    left, width, row = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in
                                             (left, width, row)))
    if left.size == 0:
        return
    bottom, top = row - height / 2, row + height / 2
    right = left + width
    verts = np.stack([np.stack([left, bottom], -1), np.stack([left, top], -1),
                      np.stack([right, top], -1), np.stack([right, bottom], -1)], axis=1)
    ax.add_collection(PolyCollection(verts, zorder=zorder, **style))


def _pitch_window(melody: Melody) -> tuple[int, int]:
    """Lowest and highest MIDI pitch shown: the notes plus a margin, at least MIN_SPAN."""
    pitches = [n.pitch for n in melody.notes] or [60]
    low, high = min(pitches) - 1, max(pitches) + 1
    missing = MIN_SPAN - (high - low + 1)
    if missing > 0:
        low -= missing // 2
        high += missing - missing // 2
    return max(0, low), min(127, high)


def _draw_grid(ax, melody: Melody, low: int, high: int, total: float) -> None:
    """Row shading by key colour, bar and beat lines, and axis labels."""
    rows = np.arange(low, high + 1)
    colours = [ROLL_BLACK_ROW if p % 12 in BLACK_KEYS else ROLL_WHITE_ROW for p in rows]
    _rectangles(ax, 0.0, total, rows, 1.0, 0, facecolors=colours, linewidths=0)
    bar = melody.meter.bar_beats
    pulse = melody.meter.pulse_beats
    if total / pulse <= MAX_BEAT_LINES:
        ax.vlines(np.arange(0, total + 1e-9, pulse), low - 0.5, high + 0.5, colors=GRID,
                  linewidth=0.5, zorder=1)
    bar_starts = np.arange(0, total + 1e-9, bar)
    ax.vlines(bar_starts, low - 0.5, high + 0.5, colors=BAR_LINE, linewidth=1.2, zorder=1)
    labelled = [p for p in rows
                if len(rows) <= MAX_LABELLED_ROWS or p % 12 not in BLACK_KEYS]
    ax.set_yticks(labelled, [note_name(p) for p in labelled])
    bars = len(bar_starts) - 1
    step = max(1, int(np.ceil(bars / 32)))  # at most ~32 bar numbers on the time axis
    ax.set_xticks(bar_starts[:-1][::step] + bar / 2,
                  [str(i + 1) for i in range(bars)][::step])
    ax.set_xlabel("bar", color=TEXT)


def _draw_chords(ax, melody: Melody, low: int, high: int, px_per_beat: float) -> None:
    """Shade each chord's pitch-class rows over its span, and print its symbol above.

    A symbol is printed where the harmony changes and there is room for it.
    """
    last_symbol, free_from = None, -np.inf
    for chord in melody.chords:
        classes = {p % 12 for p in chord.pitches}
        rows = [p for p in range(low, high + 1) if p % 12 in classes]
        _rectangles(ax, chord.start, chord.duration, rows, 1.0, 2,
                    facecolors=to_rgba(CHORD, 0.22), linewidths=0)
        if chord.symbol and chord.symbol != last_symbol and chord.start >= free_from:
            free_from = chord.start + MIN_SYMBOL_PX / px_per_beat
            ax.text(chord.start + 0.1, high + 0.9, chord.symbol, color=TEXT, fontsize=8,
                    va="bottom", ha="left", clip_on=False)
        last_symbol = chord.symbol


def _draw_notes(ax, melody: Melody) -> None:
    """One bar per note; louder notes are more opaque."""
    if not melody.notes:
        return
    pitches = [n.pitch for n in melody.notes]
    starts = [n.start for n in melody.notes]
    lengths = [n.duration for n in melody.notes]
    colours = [to_rgba(NOTE, 0.55 + 0.45 * min(n.velocity, 127) / 127) for n in melody.notes]
    _rectangles(ax, starts, lengths, pitches, 0.78, 3, facecolors=colours,
                edgecolors=NOTE_EDGE, linewidths=0.6)


def _title(melody: Melody) -> str:
    params = melody.params
    name = melody.provenance.get("title", "")
    head = f"{name} · " if name else ""
    return (f"{head}{params.key} {params.scale.replace('_', ' ')} · {params.tempo} BPM · "
            f"{params.bars} bars of {params.time}")


def _figure(melody: Melody) -> Figure:
    low, high = _pitch_window(melody)
    height = min(MAX_HEIGHT_PX, max(MIN_HEIGHT_PX, (high - low + 1) * ROW_PX + MARGIN_PX))
    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND)
    # Axes box in pixels: fixed margins for labels and title, whatever the height.
    left, right, bottom, top = 60, 15, 45, 65
    ax = fig.add_axes((left / WIDTH_PX, bottom / height, 1 - (left + right) / WIDTH_PX,
                       1 - (bottom + top) / height))
    ax.set_facecolor(BACKGROUND)
    total = max(melody.total_beats, max((n.end for n in melody.notes), default=0.0))
    _draw_grid(ax, melody, low, high, total)
    _draw_chords(ax, melody, low, high, (WIDTH_PX - left - right) / total)
    _draw_notes(ax, melody)
    ax.set_xlim(0, total)
    ax.set_ylim(low - 0.5, high + 0.5)
    ax.tick_params(colors=TEXT, labelsize=8, length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.text(left / WIDTH_PX, 1 - 18 / height, _title(melody), color=TEXT, fontsize=11,
             va="center")
    return fig


def render_png(melody: Melody, max_bytes: int = MAX_PNG_BYTES) -> bytes:
    """The melody's piano roll as PNG bytes (1100 px wide, 440-900 px high, ≤ `max_bytes`)."""
    canvas = FigureCanvasAgg(_figure(melody))
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    if buffer.tell() > max_bytes:
        # A palette keeps the picture sharp and is typically 3x smaller than true colour.
        buffer = io.BytesIO()
        image.quantize(PALETTE_COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
