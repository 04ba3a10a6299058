"""Piano-roll pictures of melodies: PNG, at most 200 KB, in the colours of a `Palette`.

Note bars lie on a pitch grid (black-key rows darker, note names spelled in the
key on the axis); bar lines are solid and beats faint, with bar numbers below;
with chords on, each chord shades the rows of its pitch classes behind the melody
and is named above. A long melody is drawn in several rows of `BARS_PER_ROW` bars.

Drawn with Pillow (its built-in FreeType font, so nothing is looked up on
disk): about 20 ms a picture, where matplotlib took ~150 ms of every job.

Public API: `render_png`, `layouts`, `Layout`, `title_line`, `MAX_PNG_BYTES`; colours in `palette`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from engine.melody import Melody
from engine.params.schema import plural
from engine.picture.palette import DARK_PALETTE, Palette
from engine.theory.spelling import key_signature, spell

MAX_PNG_BYTES = 200 * 1024
WIDTH_PX = 1100
ROW_PX = 14  # height of one semitone row, pixels: note names stay legible
MIN_HEIGHT_PX, MAX_HEIGHT_PX = 440, 900
LEFT_PX, RIGHT_PX, TOP_PX, BOTTOM_PX = 60, 15, 65, 45  # margins around the roll, pixels
BARS_PER_ROW = 16  # a longer melody is drawn in rows of this many bars
ROW_GAP_PX = 40  # between rows: the bar numbers above, the next row's chord names below
MIN_ROW_HEIGHT_PX, MAX_ROW_HEIGHT_PX = 160, 260  # grid height of one row of a long melody
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


BLACK_KEYS = frozenset({1, 3, 6, 8, 10})
SPARSE_LABELS = frozenset({0, 4, 7})  # C, E, G: named when rows are too thin for more


@dataclass(frozen=True)
class Layout:
    """One row of the roll: its pitch window, the beats it shows and its axis labels.

    Pixel positions: `x(beats)` and `y(pitch)` give the left edge of a beat (from
    the melody's start) and the top of a pitch row; `top` and `grid_height` place
    the row's grid in the picture.
    """

    low: int
    high: int
    first_beat: float
    beats: float  # beats this row shows
    top: float
    grid_height: float
    pitch_labels: tuple[tuple[int, str], ...]  # (pitch, name)
    bar_labels: tuple[tuple[float, str], ...]  # (beat at the bar's middle, number)
    chord_labels: tuple[tuple[float, str], ...]  # (start beat, symbol)

    @property
    def row_px(self) -> float:
        return self.grid_height / (self.high - self.low + 1)

    @property
    def px_per_beat(self) -> float:
        return (WIDTH_PX - LEFT_PX - RIGHT_PX) / self.beats

    @property
    def bottom(self) -> float:
        return self.top + self.grid_height

    def x(self, beats: float) -> float:
        return LEFT_PX + (beats - self.first_beat) * self.px_per_beat

    def y(self, pitch: float) -> float:
        return self.top + (self.high - pitch) * self.row_px


def _pitch_window(melody: Melody) -> tuple[int, int]:
    """Lowest and highest MIDI pitch shown: the notes plus a margin, at least MIN_SPAN."""
    pitches = [n.pitch for n in melody.notes] or [60]
    low, high = min(pitches) - 1, max(pitches) + 1
    missing = MIN_SPAN - (high - low + 1)
    if missing > 0:
        low -= missing // 2
        high += missing - missing // 2
    return max(0, low), min(127, high)


def _bar_count(melody: Melody) -> int:
    beats = max(melody.total_beats, max((n.end for n in melody.notes), default=0.0), 1.0)
    return math.ceil(round(beats / melody.meter.bar_beats, 6))


def layouts(melody: Melody) -> list[Layout]:
    """The picture's rows (one for up to `BARS_PER_ROW` bars), with their geometry and labels."""
    low, high = _pitch_window(melody)
    pitches = high - low + 1
    bars = _bar_count(melody)
    row_count = math.ceil(bars / BARS_PER_ROW)
    if row_count == 1:
        height = min(MAX_HEIGHT_PX, max(MIN_HEIGHT_PX, pitches * ROW_PX + TOP_PX + BOTTOM_PX))
        grid = float(height - TOP_PX - BOTTOM_PX)
    else:
        grid = float(min(MAX_ROW_HEIGHT_PX, max(MIN_ROW_HEIGHT_PX, pitches * ROW_PX // 2)))
    key, scale = melody.params.key, melody.params.scale
    pitch_labels = tuple(
        (p, f"{spell(p, key, scale).ascii_name}{spell(p, key, scale).octave}")
        for p in range(low, high + 1)
        if _labelled(p, pitches, grid / pitches, single=row_count == 1)
    )
    bar = melody.meter.bar_beats
    per_row = min(bars, BARS_PER_ROW)
    rows = []
    for row in range(row_count):
        first_bar = row * per_row
        first, beats = first_bar * bar, per_row * bar
        step = max(1, math.ceil(per_row / MAX_BAR_NUMBERS))
        bar_labels = tuple(
            (i * bar + bar / 2, str(i + 1))
            for i in range(first_bar, min(bars, first_bar + per_row), step)
        )
        chords = _chord_labels(melody, first, first + beats, beats)
        top = TOP_PX + row * (grid + ROW_GAP_PX)
        rows.append(Layout(low, high, first, beats, top, grid, pitch_labels, bar_labels, chords))
    return rows


def _labelled(pitch: int, pitches: int, row_px: float, *, single: bool) -> bool:
    """Whether a pitch row is named: all rows while names fit (pixels per row), else the
    white keys (C D E …), else only C, E and G (three or more rows apart), so names
    never collide."""
    if (single and pitches <= MAX_LABELLED_ROWS) or (not single and row_px >= ROW_PX):
        return True
    if single or row_px >= FONT_PX:
        return pitch % 12 not in BLACK_KEYS
    return pitch % 12 in SPARSE_LABELS


def _chord_labels(
    melody: Melody, first: float, last: float, beats: float
) -> tuple[tuple[float, str], ...]:
    """A symbol where the harmony changes and there is room; none with chords off."""
    if not melody.params.chords:
        return ()
    px_per_beat = (WIDTH_PX - LEFT_PX - RIGHT_PX) / beats
    labels = []
    last_symbol, free_from = None, -math.inf
    for chord in melody.chords:
        inside = first <= chord.start < last
        if inside and chord.symbol and chord.symbol != last_symbol and chord.start >= free_from:
            labels.append((chord.start, chord.symbol))
            free_from = chord.start + MIN_SYMBOL_PX / px_per_beat
        last_symbol = chord.symbol
    return tuple(labels)


@lru_cache(maxsize=2)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _rgba(colour: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), round(alpha * 255))


def _draw_grid(draw: ImageDraw.ImageDraw, melody: Melody, box: Layout, palette: Palette) -> None:
    """Row shading by key colour, then beat and bar lines."""
    right = box.x(box.first_beat + box.beats)
    for pitch in range(box.low, box.high + 1):
        colour = palette.black_row if pitch % 12 in BLACK_KEYS else palette.white_row
        draw.rectangle((LEFT_PX, box.y(pitch), right, box.y(pitch - 1)), fill=colour)
    top, bottom = box.top, box.bottom
    pulse, bar = melody.meter.pulse_beats, melody.meter.bar_beats
    if box.beats / pulse <= MAX_BEAT_LINES:
        for i in range(int(box.beats / pulse) + 1):
            x = box.x(box.first_beat + i * pulse)
            draw.line((x, top, x, bottom), fill=palette.grid, width=1)
    for i in range(int(box.beats / bar + 1e-9) + 1):
        x = box.x(box.first_beat + i * bar)
        draw.line((x, top, x, bottom), fill=palette.bar_line, width=2)


def _clipped(box: Layout, start: float, end: float) -> tuple[float, float] | None:
    """A time span's left and right pixels within the row, or None when outside it."""
    first, last = max(start, box.first_beat), min(end, box.first_beat + box.beats)
    return (box.x(first), box.x(last)) if last > first else None


def _draw_chords(
    overlay: ImageDraw.ImageDraw, melody: Melody, box: Layout, palette: Palette
) -> None:
    """Shade each chord's pitch-class rows over its span (on a translucent layer)."""
    if not melody.params.chords:
        return
    fill = _rgba(palette.chord, palette.chord_alpha)
    for chord in melody.chords:
        classes = {p % 12 for p in chord.pitches}
        span = _clipped(box, chord.start, chord.start + chord.duration)
        if span is None:
            continue
        for pitch in range(box.low, box.high + 1):
            if pitch % 12 in classes:
                overlay.rectangle((span[0], box.y(pitch), span[1], box.y(pitch - 1)), fill=fill)


def _draw_notes(
    overlay: ImageDraw.ImageDraw, melody: Melody, box: Layout, palette: Palette
) -> None:
    """One bar per note; louder notes are more opaque."""
    inset = (1 - NOTE_HEIGHT) / 2
    edge = _rgba(palette.note_edge)
    for note in melody.notes:
        span = _clipped(box, note.start, note.end)
        if span is None:
            continue
        alpha = 0.55 + 0.45 * min(note.velocity, 127) / 127
        left, right = span[0], max(span[1] - 1, span[0] + 1)
        # A light edge separates repeated notes; on very short notes it would hide the fill.
        outline = edge if right - left >= MIN_OUTLINED_PX else None
        overlay.rectangle(
            (left, box.y(note.pitch - inset), right, box.y(note.pitch - 1 + inset)),
            fill=_rgba(palette.note, alpha),
            outline=outline,
            width=1,
        )


def _draw_labels(draw: ImageDraw.ImageDraw, box: Layout, palette: Palette, *, last: bool) -> None:
    font = _font(FONT_PX)
    for pitch, name in box.pitch_labels:
        draw.text(
            (LEFT_PX - 6, box.y(pitch - 0.5)), name, fill=palette.text, font=font, anchor="rm"
        )
    axis_y = box.bottom + 6
    for beat, number in box.bar_labels:
        draw.text((box.x(beat), axis_y), number, fill=palette.text, font=font, anchor="mt")
    if last:
        middle = box.x(box.first_beat + box.beats / 2)
        draw.text((middle, axis_y + 16), "bar", fill=palette.text, font=font, anchor="mt")
    for beat, symbol in box.chord_labels:
        place = (box.x(beat) + 2, box.top - 4)
        draw.text(place, symbol, fill=palette.text, font=font, anchor="lb")


def title_line(melody: Melody) -> str:
    """The line over the roll: title, key, tempo and length (ASCII: the font has no ♭)."""
    params = melody.params
    name = melody.provenance.get("title", "")
    head = f"{name} · " if name else ""
    tonic = key_signature(params.key, params.scale).tonic
    return (
        f"{head}{tonic} {params.scale.replace('_', ' ')} · {params.tempo} BPM · "
        f"{plural(params.bars, 'bar')} of {params.time}"
    )


def render_image(melody: Melody, palette: Palette = DARK_PALETTE) -> Image.Image:
    """The piano roll as an RGB image, 1100 px wide; one row 440-900 px high, or several."""
    rows = layouts(melody)
    height = round(rows[-1].bottom + BOTTOM_PX)
    image = Image.new("RGBA", (WIDTH_PX, height), palette.background)
    for box in rows:
        _draw_grid(ImageDraw.Draw(image), melody, box, palette)
    for draw_layer in (_draw_chords, _draw_notes):  # translucent layers, composited in order
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        for box in rows:
            draw_layer(ImageDraw.Draw(layer), melody, box, palette)
        image.alpha_composite(layer)
    draw = ImageDraw.Draw(image)
    for index, box in enumerate(rows):
        _draw_labels(draw, box, palette, last=index == len(rows) - 1)
    draw.text(
        (LEFT_PX, 18), title_line(melody), fill=palette.text, font=_font(TITLE_FONT_PX), anchor="lm"
    )
    return image.convert("RGB")


def render_png(
    melody: Melody, max_bytes: int = MAX_PNG_BYTES, palette: Palette = DARK_PALETTE
) -> bytes:
    """The melody's piano roll as PNG bytes (1100 px wide, ≤ `max_bytes`)."""
    image = render_image(melody, palette)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    if buffer.tell() > max_bytes:
        # A palette keeps the picture sharp and is typically 3x smaller than true colour.
        buffer = io.BytesIO()
        image.quantize(PALETTE_COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
