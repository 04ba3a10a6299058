"""A bounded pre-scan of a Standard MIDI File's structure, before any parser sees it.

`check_structure(data)` walks the header, every chunk and every track event once,
bounding each field: variable-length quantities (at most 4 bytes, as the SMF
specification allows), chunk lengths (within the file), the track count, the
event count, running status (only after a channel message) and meta and SysEx
lengths. A hostile file is refused with `MidiRejected` after at most one pass
over its bytes (linear time, milliseconds for `MAX_BYTES`), so mido only ever
parses a file whose structure is sound.

Public API: `check_structure`, `MAX_TRACKS`, `MAX_EVENTS`, `MAX_VLQ_BYTES`.
"""

from __future__ import annotations

from engine.errors import MidiRejected

HEADER_ID = b"MThd"
TRACK_ID = b"MTrk"
HEADER_LENGTH = 6  # bytes of format, track count and division
MAX_HEADER_LENGTH = 64  # the specification allows a longer header; nobody writes one
MAX_TRACKS = 64
MAX_CHUNKS = 256  # tracks plus unknown chunks, which readers skip
MAX_EVENTS = 50_000  # across all tracks
MAX_VLQ_BYTES = 4  # the SMF limit: values up to 0x0FFFFFFF
META = 0xFF
SYSEX_STARTS = (0xF0, 0xF7)
# Data bytes that follow each channel status (high nibble).
_CHANNEL_DATA_BYTES = {0x8: 2, 0x9: 2, 0xA: 2, 0xB: 2, 0xC: 1, 0xD: 1, 0xE: 2}
_NOT_VALID = "That is not a valid MIDI file"
_SEND = "Send a Standard MIDI File (.mid)."


def _refuse(reason: str) -> MidiRejected:
    return MidiRejected(f"{_NOT_VALID} ({reason}). {_SEND}")


def _truncated() -> MidiRejected:
    return MidiRejected(
        "The MIDI file is truncated (it ends in the middle of a track). Send the whole file."
    )


def _read_vlq(data: bytes, position: int, end: int) -> tuple[int, int]:
    """A variable-length quantity at `position`: (value, position after it)."""
    value = 0
    for count in range(MAX_VLQ_BYTES):
        if position + count >= end:
            raise _truncated()
        byte = data[position + count]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, position + count + 1
    raise _refuse(f"a length or time longer than {MAX_VLQ_BYTES} bytes")


def _check_header(data: bytes) -> int:
    """The header chunk's track count; the position after the header is returned by length."""
    if len(data) < 8 + HEADER_LENGTH:
        raise _truncated()
    length = int.from_bytes(data[4:8], "big")
    if not HEADER_LENGTH <= length <= MAX_HEADER_LENGTH:
        raise _refuse(f"a header of {length} bytes")
    if len(data) < 8 + length:
        raise _truncated()
    file_format = int.from_bytes(data[8:10], "big")
    tracks = int.from_bytes(data[10:12], "big")
    if file_format > 2:
        raise _refuse(f"format {file_format}; formats 0, 1 and 2 exist")
    if tracks > MAX_TRACKS:
        raise MidiRejected(
            f"The file declares {tracks} tracks; a submission may have at most {MAX_TRACKS}."
        )
    return 8 + length


def _check_track(data: bytes, position: int, end: int, events: int) -> int:
    """Scan one track's events between `position` and `end`; the running event count."""
    running = 0  # the last channel status, for running status; 0 = none yet
    while position < end:
        _, position = _read_vlq(data, position, end)
        events += 1
        if events > MAX_EVENTS:
            raise MidiRejected(
                f"The file has more than {MAX_EVENTS} events; a submission may have at most "
                f"{MAX_EVENTS}."
            )
        if position >= end:
            raise _truncated()
        status = data[position]
        if status == META:
            if position + 1 >= end:
                raise _truncated()
            if data[position + 1] & 0x80:
                raise _refuse("a meta event of an impossible type")
            length, position = _read_vlq(data, position + 2, end)
        elif status in SYSEX_STARTS:
            length, position = _read_vlq(data, position + 1, end)
        elif status >= 0xF0:
            raise _refuse(f"status byte 0x{status:02X}, which a file may not hold")
        else:
            if status & 0x80:
                running = status
                position += 1
            elif not running:
                raise _refuse("running status with no earlier status byte")
            length = _CHANNEL_DATA_BYTES[running >> 4]
            if any(byte & 0x80 for byte in data[position : min(position + length, end)]):
                raise _refuse("a data byte above 127")
        if position + length > end:
            raise _truncated()
        position += length
    return events


def check_structure(data: bytes) -> None:
    """Refuse (MidiRejected, one line) a file whose chunk or event structure is unsound.

    `data` must start with `MThd` (the caller says "not a MIDI file" otherwise).
    """
    position = _check_header(data)
    tracks = events = chunks = 0
    while position < len(data):
        if len(data) - position < 8:
            # Trailing padding some writers add is harmless; a chunk header cut short is not.
            if data[position:].strip(b"\x00"):
                raise _truncated()
            break
        chunk_id = data[position : position + 4]
        length = int.from_bytes(data[position + 4 : position + 8], "big")
        start, end = position + 8, position + 8 + length
        if end > len(data):
            raise _truncated()
        chunks += 1
        if chunks > MAX_CHUNKS:
            raise _refuse(f"more than {MAX_CHUNKS} chunks")
        if chunk_id == TRACK_ID:
            tracks += 1
            if tracks > MAX_TRACKS:
                raise MidiRejected(
                    f"The file has more than {MAX_TRACKS} tracks; a submission may have at "
                    f"most {MAX_TRACKS}."
                )
            events = _check_track(data, start, end, events)
        position = end
    if tracks == 0:
        raise MidiRejected("The MIDI file has no tracks. Send a Standard MIDI File (.mid).")
