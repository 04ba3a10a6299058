"""Score pictures: a PNG of sheet music, about 1,200 px wide, within the photo limits it is
given, with ink on the staff (not blank), split into pages when a page would be too tall."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from engine.compose.composer import compose
from engine.params.melody import resolve
from engine.picture.score import WIDTH_PX, PhotoLimits, render_score_pngs

TELEGRAM_PHOTO = PhotoLimits(max_bytes=10_000_000, max_side_sum_px=10_000, max_ratio=20)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)


def _within(png: bytes, limits: PhotoLimits) -> bool:
    width, height = Image.open(io.BytesIO(png)).size
    ratio = max(width, height) / min(width, height)
    fits = width + height <= limits.max_side_sum_px and ratio <= limits.max_ratio
    return png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) <= limits.max_bytes and fits


def test_a_16_bar_score_is_one_readable_page_with_ink():
    melody = compose(resolve({"bars": "16", "key": "Eb", "scale": "phrygian", "seed": "1"}))
    pages = render_score_pngs(melody, TELEGRAM_PHOTO)
    assert len(pages) == 1 and _within(pages[0], TELEGRAM_PHOTO)
    pixels = _pixels(pages[0])
    assert pixels.shape[1] == WIDTH_PX
    assert pixels[0, 0] > 250  # white paper
    ink = (pixels < 100).mean()
    assert 0.01 < ink < 0.3  # staff lines, notes and text, not a blank or black page
    # Four systems of four bars: ink in several separate horizontal bands.
    inked_rows = (pixels < 200).sum(axis=1) > WIDTH_PX * 0.6  # staff lines span the width
    assert inked_rows.sum() >= 4 * 5  # at least five staff lines in each of four systems


def test_64_bars_fit_telegram_and_split_into_pages_under_tighter_limits():
    melody = compose(resolve({"bars": "64", "time": "6/8", "seed": "2", "rhythm": "triplet"}))
    pages = render_score_pngs(melody, TELEGRAM_PHOTO)
    assert all(_within(page, TELEGRAM_PHOTO) for page in pages)
    tight = PhotoLimits(max_bytes=400_000, max_side_sum_px=2_400, max_ratio=2)
    split = render_score_pngs(melody, tight)
    assert len(split) >= 2 and all(_within(page, tight) for page in split)


def test_chords_off_draws_no_chord_symbols():
    with_chords = compose(resolve({"bars": "4", "seed": "3", "chords": "on"}))
    without = compose(resolve({"bars": "4", "seed": "3", "chords": "off"}))
    ink_on = (_pixels(render_score_pngs(with_chords, TELEGRAM_PHOTO)[0]) < 100).sum()
    ink_off = (_pixels(render_score_pngs(without, TELEGRAM_PHOTO)[0]) < 100).sum()
    assert ink_on > ink_off  # the symbols above the staff are the difference
