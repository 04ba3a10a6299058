"""Score pictures: the melody engraved as sheet music (PNG), the picture a musician reads.

The MusicXML (`engine.notation.musicxml`) is engraved by verovio into SVG and
drawn to PNG by resvg: about `WIDTH_PX` wide, systems of four bars, with clef,
key and time signature, tempo, chord symbols (when chords are on), the title and
the parameter lines with the seed. A long melody is cut into pages so that each
PNG keeps within the photo limits it is given (`PhotoLimits`: the platform's,
passed in by the caller).

verovio writes music symbols as text in its SMuFL font (Leipzig), which it ships
only as a web font inside CSS; resvg cannot read that, so the font is unpacked
once into a cache file (`_smufl_font_file`).

Public API: `PhotoLimits`, `render_score_pngs`.
"""

from __future__ import annotations

import base64
import io
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import resvg_py
import verovio
from PIL import Image

from engine.melody import Melody
from engine.notation.musicxml import to_musicxml

WIDTH_PX = 1200
VEROVIO_SCALE = 50  # percent: verovio's page units are then twice the PNG's pixels
PAGE_MARGIN_PX = 30
SMUFL_FONT = "Leipzig"  # verovio's default music font
TEXT_FONT = "DejaVu Serif"  # a serif present wherever Pillow or matplotlib fonts are
PALETTE_COLOURS = 16  # grey levels kept when a page must shrink to fit its byte limit
MAX_VEROVIO_PAGE = 60000  # verovio's largest page height, in its units


@dataclass(frozen=True)
class PhotoLimits:
    """What a chat platform accepts as a photo: bytes, width + height and side ratio."""

    max_bytes: int
    max_side_sum_px: int
    max_ratio: float

    def max_height_px(self, width: int) -> int:
        """The tallest page of `width` pixels these limits allow."""
        return int(min(self.max_side_sum_px - width, width * self.max_ratio))


def _cache_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / f"melodybot-verovio-{_toolkit().getVersion()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@cache
def _smufl_font_file() -> str:
    """verovio's music font as an OpenType file resvg can load (unpacked once per machine)."""
    target = _cache_dir() / f"{SMUFL_FONT}.otf"
    if not target.exists():
        css = (Path(verovio.__file__).parent / "data" / f"{SMUFL_FONT}.css").read_text()
        from fontTools.ttLib import TTFont  # once per machine: not kept in every worker

        found = re.search(r"base64,([A-Za-z0-9+/=]+)", css)
        if found is None:
            raise RuntimeError(f"verovio's {SMUFL_FONT}.css holds no embedded font.")
        font = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
        font.flavor = None  # WOFF2 → plain OpenType
        partial = target.with_suffix(f".{os.getpid()}.part")  # each process its own
        font.save(str(partial))
        partial.replace(target)  # atomic: another worker never reads half a font
    return str(target)


@cache
def _toolkit() -> verovio.toolkit:
    """One verovio toolkit per process (its fonts load once, ~10 ms).

    Its resource folder (fonts) is set on the toolkit itself: verovio keeps the default
    that `import verovio` sets per thread, so a toolkit made in another thread than the
    import (a queue worker imports verovio on its main thread and engraves in a job
    thread) would look in the wheel's build folder and engrave nothing.
    """
    verovio.enableLog(verovio.LOG_OFF)
    toolkit = verovio.toolkit(initFont=False)  # fonts load below, from the right folder
    toolkit.setResourcePath(str(Path(verovio.__file__).parent / "data"))
    return toolkit


def _svg_pages(musicxml: str, page_height_px: int) -> list[str]:
    toolkit = _toolkit()
    units = 100 / VEROVIO_SCALE
    toolkit.setOptions(
        {
            "pageWidth": round(WIDTH_PX * units),
            "pageHeight": min(MAX_VEROVIO_PAGE, round(page_height_px * units)),
            "pageMarginLeft": round(PAGE_MARGIN_PX * units),
            "pageMarginRight": round(PAGE_MARGIN_PX * units),
            "pageMarginTop": round(PAGE_MARGIN_PX * units),
            "pageMarginBottom": round(PAGE_MARGIN_PX * units),
            "scale": VEROVIO_SCALE,
            "adjustPageHeight": True,
            # Systems where the MusicXML breaks them (every four bars); pages by height.
            "breaks": "line",
            "header": "auto",
            "footer": "none",
        }
    )
    if not toolkit.loadData(musicxml):
        raise RuntimeError("verovio could not read the MusicXML it was given.")
    return [toolkit.renderToSVG(page) for page in range(1, toolkit.getPageCount() + 1)]


def _png(svg: str, max_bytes: int) -> bytes:
    png = bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            background="#ffffff",
            font_files=[_smufl_font_file()],
            serif_family=TEXT_FONT,
            font_family=TEXT_FONT,
            # Not shape_rendering="crisp_edges" (~30 % less CPU): staff lines thinner than
            # a pixel then vanish from whole systems.
        )
    )
    if len(png) > max_bytes:
        # Black on white: a few grey levels keep it sharp at a fraction of the size.
        image = Image.open(io.BytesIO(png)).convert("L").quantize(PALETTE_COLOURS)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        png = buffer.getvalue()
    return png


def render_score_pngs(
    melody: Melody, limits: PhotoLimits, musicxml: str | None = None
) -> list[bytes]:
    """The score as one PNG per page (usually one), each within `limits`; `musicxml` is the
    melody's MusicXML when the caller has written it already (it is not written twice)."""
    page_height = limits.max_height_px(WIDTH_PX)
    pages = _svg_pages(musicxml or to_musicxml(melody), page_height)
    return [_png(svg, limits.max_bytes) for svg in pages]
