"""An ID3v2.3 tag with the MP3's title, written by hand (the encoder writes none).

ID3v2.3 is what most players read; the text is UTF-16 with a byte-order mark,
so a title in any script survives. Sizes follow the ID3v2.3 specification: the
tag's is "syncsafe" (7 bits per byte), a frame's a plain 32-bit big-endian count.

Public API: `id3v2_title`.
"""

from __future__ import annotations

import struct

ID3_VERSION = b"\x03\x00"  # ID3v2.3.0
ID3_TEXT_UTF16 = b"\x01"  # text encoding byte: UTF-16 with a byte-order mark


def _syncsafe(size: int) -> bytes:
    """`size` as four bytes of 7 bits each, as ID3v2 headers store it."""
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3v2_title(title: str) -> bytes:
    """An ID3v2.3 tag holding one TIT2 (title) frame; empty bytes for an empty title."""
    if not title:
        return b""
    body = ID3_TEXT_UTF16 + title.encode("utf-16")  # Python's UTF-16 starts with the BOM
    frame = b"TIT2" + struct.pack(">I", len(body)) + b"\x00\x00" + body
    return b"ID3" + ID3_VERSION + b"\x00" + _syncsafe(len(frame)) + frame
