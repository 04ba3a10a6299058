"""Piano-roll pictures of melodies: PNG, at most 200 KB, readable on Discord's dark theme.

Note bars lie on a pitch grid (black-key rows darker, note names on the
axis); bar lines are solid and beats faint, with bar numbers below; each chord
shades the rows of its pitch classes behind the melody and is named above.

Drawn with Pillow (its built-in FreeType font, so nothing is looked up on
disk): about 20 ms a picture, where matplotlib took ~150 ms of every job.

Public API: `render_png`, `layout`, `Layout`, `MAX_PNG_BYTES`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from engine.melody import Melody
from engine.theory.scales import note_name

MAX_PNG_BYTES = 200 * 1024
WIDTH_PX = 1100
ROW_PX = 14  # height of one semitone row, pixels: note names stay legible
MIN_HEIGHT_PX, MAX_HEIGHT_PX = 440, 900
LEFT_PX, RIGHT_PX, TOP_PX, BOTTOM_PX = 60, 15, 65, 45  # margins around the roll, pixels
MIN_SPAN = 13  # semitones shown at least, so a narrow tune still reads as a melody
MAX_LABELLED_ROWS = 25  # above this only naturals (C D E …) are named on the pitch axis
MAX_BEAT_LINES = 160  # beyond this only bar lines are drawn, so long tunes don't turn grey
MAX_BAR_NUMBERS = 32  # at most this many bar numbers on the time axis
MIN_SYMBOL_PX = 24  # a chord symbol needs this much width, pixels, or it is skipped
NOTE_HEIGHT = 0.78  # share of a row a note bar fills
MIN_OUTLINED_PX = 6  # notes narrower than this, pixels, are drawn without an edge
FONT_PX, TITLE_FONT_PX = 11, 15
PNG_COMPRESS_LEVEL = 3  # zlib level: the picture is flat colour, so fast levels compress well
PALETTE_COLOURS = 96  # colours kept if a picture must be shrunk to fit MAX_PNG_BYTES

# Discord dark theme: chat background #313338; colours chosen for contrast against it.
BACKGROUND = "#313338"
ROLL_WHITE_ROW = "#2b2d31"
ROLL_BLACK_ROW = "#232428"
GRID = "#4e5058"
BAR_LINE = "#80848e"
TEXT = "#dbdee1"
NOTE = "#f0b232"
NOTE_EDGE = "#fff3c4"
CHORD = "#5865f2"
CHORD_ALPHA = 0.22
BLACK_KEYS = frozenset({1, 3, 6, 8, 10})


@dataclass(frozen=True)
class Layout:
    """Where everything goes: the pitch window, the time span and the axis labels.

    Pixel positions: `x(beats)` and `y(pitch)` give the left edge of a beat and
    the top of a pitch row.
    """

    low: int
    high: int
    beats: float
    height: int
    pitch_labels: tuple[tuple[int, str], ...]  # (pitch, name)
    bar_labels: tuple[tuple[float, str], ...]  # (beat at the bar's middle, number)
    chord_labels: tuple[tuple[float, str], ...]  # (start beat, symbol)

    @property
    def row_px(self) -> float:
        return (self.height - TOP_PX - BOTTOM_PX) / (self.high - self.low + 1)

    @property
    def px_per_beat(self) -> float:
        return (WIDTH_PX - LEFT_PX - RIGHT_PX) / self.beats

    def x(self, beats: float) -> float:
        return LEFT_PX + beats * self.px_per_beat

    def y(self, pitch: float) -> float:
        return TOP_PX + (self.high - pitch) * self.row_px


def _pitch_window(melody: Melody) -> tuple[int, int]:
    """Lowest and highest MIDI pitch shown: the notes plus a margin, at least MIN_SPAN."""
    pitches = [n.pitch for n in melody.notes] or [60]
    low, high = min(pitches) - 1, max(pitches) + 1
    missing = MIN_SPAN - (high - low + 1)
    if missing > 0:
        low -= missing // 2
        high += missing - missing // 2
    return max(0, low), min(127, high)


def layout(melody: Melody) -> Layout:
    """The picture's geometry and labels for a melody."""
    low, high = _pitch_window(melody)
    rows = high - low + 1
    height = min(MAX_HEIGHT_PX, max(MIN_HEIGHT_PX, rows * ROW_PX + TOP_PX + BOTTOM_PX))
    beats = max(melody.total_beats, max((n.end for n in melody.notes), default=0.0), 1.0)
    pitch_labels = tuple(
        (p, note_name(p))
        for p in range(low, high + 1)
        if rows <= MAX_LABELLED_ROWS or p % 12 not in BLACK_KEYS
    )
    bar = melody.meter.bar_beats
    bars = math.ceil(round(beats / bar, 6))
    step = max(1, math.ceil(bars / MAX_BAR_NUMBERS))
    bar_labels = tuple((i * bar + bar / 2, str(i + 1)) for i in range(0, bars, step))
    px_per_beat = (WIDTH_PX - LEFT_PX - RIGHT_PX) / beats
    chord_labels = []
    last_symbol, free_from = None, -math.inf
    for chord in melody.chords:  # a symbol where the harmony changes and there is room
        if chord.symbol and chord.symbol != last_symbol and chord.start >= free_from:
            chord_labels.append((chord.start, chord.symbol))
            free_from = chord.start + MIN_SYMBOL_PX / px_per_beat
        last_symbol = chord.symbol
    return Layout(low, high, beats, height, pitch_labels, bar_labels, tuple(chord_labels))


@lru_cache(maxsize=2)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _rgba(colour: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), round(alpha * 255))


def _draw_grid(draw: ImageDraw.ImageDraw, melody: Melody, box: Layout) -> None:
    """Row shading by key colour, then beat and bar lines."""
    right = box.x(box.beats)
    for pitch in range(box.low, box.high + 1):
        colour = ROLL_BLACK_ROW if pitch % 12 in BLACK_KEYS else ROLL_WHITE_ROW
        draw.rectangle((LEFT_PX, box.y(pitch), right, box.y(pitch - 1)), fill=colour)
    top, bottom = box.y(box.high + 0.0), box.y(box.low - 1.0)
    pulse, bar = melody.meter.pulse_beats, melody.meter.bar_beats
    if box.beats / pulse <= MAX_BEAT_LINES:
        for i in range(int(box.beats / pulse) + 1):
            draw.line((box.x(i * pulse), top, box.x(i * pulse), bottom), fill=GRID, width=1)
    for i in range(int(box.beats / bar + 1e-9) + 1):
        draw.line((box.x(i * bar), top, box.x(i * bar), bottom), fill=BAR_LINE, width=2)


def _draw_chords(overlay: ImageDraw.ImageDraw, melody: Melody, box: Layout) -> None:
    """Shade each chord's pitch-class rows over its span (on a translucent layer)."""
    fill = _rgba(CHORD, CHORD_ALPHA)
    for chord in melody.chords:
        classes = {p % 12 for p in chord.pitches}
        left, right = box.x(chord.start), box.x(chord.start + chord.duration)
        for pitch in range(box.low, box.high + 1):
            if pitch % 12 in classes:
                overlay.rectangle((left, box.y(pitch), right, box.y(pitch - 1)), fill=fill)


def _draw_notes(overlay: ImageDraw.ImageDraw, melody: Melody, box: Layout) -> None:
    """One bar per note; louder notes are more opaque."""
    inset = (1 - NOTE_HEIGHT) / 2
    edge = _rgba(NOTE_EDGE)
    for note in melody.notes:
        alpha = 0.55 + 0.45 * min(note.velocity, 127) / 127
        left, right = box.x(note.start), max(box.x(note.end) - 1, box.x(note.start) + 1)
        # A light edge separates repeated notes; on very short notes it would hide the fill.
        outline = edge if right - left >= MIN_OUTLINED_PX else None
        overlay.rectangle(
            (left, box.y(note.pitch - inset), right, box.y(note.pitch - 1 + inset)),
            fill=_rgba(NOTE, alpha),
            outline=outline,
            width=1,
        )


def _draw_labels(draw: ImageDraw.ImageDraw, melody: Melody, box: Layout) -> None:
    font, title_font = _font(FONT_PX), _font(TITLE_FONT_PX)
    for pitch, name in box.pitch_labels:
        draw.text((LEFT_PX - 6, box.y(pitch - 0.5)), name, fill=TEXT, font=font, anchor="rm")
    axis_y = box.y(box.low - 1.0) + 6
    for beat, number in box.bar_labels:
        draw.text((box.x(beat), axis_y), number, fill=TEXT, font=font, anchor="mt")
    draw.text((box.x(box.beats / 2), axis_y + 16), "bar", fill=TEXT, font=font, anchor="mt")
    for beat, symbol in box.chord_labels:
        draw.text((box.x(beat) + 2, box.y(box.high) - 4), symbol, fill=TEXT, font=font, anchor="lb")
    draw.text((LEFT_PX, 18), _title(melody), fill=TEXT, font=title_font, anchor="lm")


def _title(melody: Melody) -> str:
    params = melody.params
    name = melody.provenance.get("title", "")
    head = f"{name} · " if name else ""
    return (
        f"{head}{params.key} {params.scale.replace('_', ' ')} · {params.tempo} BPM · "
        f"{params.bars} bars of {params.time}"
    )


def render_image(melody: Melody) -> Image.Image:
    """The piano roll as an RGB image, 1100 px wide and 440-900 px high."""
    box = layout(melody)
    image = Image.new("RGBA", (WIDTH_PX, box.height), BACKGROUND)
    _draw_grid(ImageDraw.Draw(image), melody, box)
    for draw_layer in (_draw_chords, _draw_notes):  # translucent layers, composited in order
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw_layer(ImageDraw.Draw(layer), melody, box)
        image.alpha_composite(layer)
    _draw_labels(ImageDraw.Draw(image), melody, box)
    return image.convert("RGB")


def render_png(melody: Melody, max_bytes: int = MAX_PNG_BYTES) -> bytes:
    """The melody's piano roll as PNG bytes (1100 px wide, 440-900 px high, ≤ `max_bytes`)."""
    image = render_image(melody)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    if buffer.tell() > max_bytes:
        # A palette keeps the picture sharp and is typically 3x smaller than true colour.
        buffer = io.BytesIO()
        image.quantize(PALETTE_COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
