"""MPEG-1 Layer III frame boundaries, to join two MP3 encodings of one signal at a frame.

`engine.encode` encodes a long melody as two halves in two ffmpeg processes at
once when a core is free; this module finds the frames in each result and splices
them. Each frame holds 1152 samples per channel, so two encodings whose inputs
start a whole number of frames apart describe the same stretch of audio in
frames that differ only by that offset.

Public API: `FRAME_SAMPLES`, `frame_spans`, `join_at_frame`.
"""

from __future__ import annotations

FRAME_SAMPLES = 1152  # samples per channel in one MPEG-1 Layer III frame
_BITRATES_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_SAMPLE_RATES = (44100, 48000, 32000)  # Hz, by the header's 2-bit index
_ID3V2_HEADER = 10  # bytes


def id3v2_length(data: bytes) -> int:
    """Bytes taken by a leading ID3v2 tag (0 if there is none)."""
    if len(data) < _ID3V2_HEADER or data[:3] != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:  # "syncsafe": 7 bits per byte
        size = (size << 7) | (byte & 0x7F)
    footer = _ID3V2_HEADER if data[5] & 0x10 else 0
    return _ID3V2_HEADER + size + footer


def _frame_length(header: bytes) -> int:
    """Bytes in the MPEG-1 Layer III frame starting with these 4 header bytes; 0 if not one."""
    if header[0] != 0xFF or header[1] & 0xFE != 0xFA:  # sync, MPEG-1, Layer III
        return 0
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if bitrate_index in (0, 15) or rate_index == 3:
        return 0
    padding = (header[2] >> 1) & 1
    return 144_000 * _BITRATES_KBPS[bitrate_index] // _SAMPLE_RATES[rate_index] + padding


def frame_spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) byte offsets of the consecutive audio frames after any ID3v2 tag."""
    spans = []
    position = id3v2_length(data)
    while position + 4 <= len(data):
        length = _frame_length(data[position : position + 4])
        if length == 0 or position + length > len(data):
            break
        spans.append((position, position + length))
        position += length
    return spans


def join_at_frame(head: bytes, tail: bytes, head_frames: int, tail_skip: int) -> bytes:
    """`head`'s ID3v2 tag and first `head_frames` frames, then `tail`'s frames from `tail_skip` on.

    The tail must be encoded without the bit reservoir: otherwise its first kept
    frame may keep part of its data in the dropped frame before it.
    """
    head_spans, tail_spans = frame_spans(head), frame_spans(tail)
    if len(head_spans) < head_frames or len(tail_spans) <= tail_skip:
        raise ValueError("the MP3 parts are shorter than the frames to join")
    tag = head[: id3v2_length(head)]
    return (
        tag
        + head[head_spans[0][0] : head_spans[head_frames - 1][1]]
        + tail[tail_spans[tail_skip][0] : tail_spans[-1][1]]
    )
