"""Reading a MIDI file that a console member names by path, safely.

The console is the one front end where a member hands the bot a path instead of an
upload, so it is the one place that must refuse what a path can point at: a FIFO, a
device, `/proc/self/mem`, a huge file, a missing user's home folder. Each refusal is
one line.

Public API: `read_midi_path`.
"""

from __future__ import annotations

import os
import stat

from bot.errors import UserError
from engine.human.submission import MAX_BYTES, check_header, check_size
from engine.params.schema import quoted

HEADER_BYTES = 4  # enough to tell a MIDI file from anything else


def _cannot_read(path: str, reason: str) -> UserError:
    return UserError(f"Cannot read {quoted(path)}: {reason}. Give the path of a .mid file.")


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes from the start of an open file."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_midi_path(path_text: str) -> tuple[bytes, str]:
    """The bytes and file name of a MIDI file a console member names, read safely.

    Only a regular file is read (not a FIFO, device or folder; opened without blocking),
    its header is checked before its size, and at most MAX_BYTES + 1 bytes are read, so
    `/proc/self/mem`, `/dev/zero` or a named pipe cannot crash or hang the console. Every
    refusal is a UserError of one line.
    """
    text = path_text.strip().strip("\"'")
    if not text:
        raise UserError("Give the MIDI file's path: /guess submit path/to/tune.mid")
    try:
        path = os.path.expanduser(text)
    except RuntimeError:  # '~nosuchuser/x.mid' (Python 3.12+ raises; 3.11 leaves it)
        path = text
    if path.startswith("~"):
        raise _cannot_read(text, "no such user's home folder")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = getattr(error, "strerror", None) or "not a usable path"
        raise _cannot_read(text, reason.lower()) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _cannot_read(text, "not a regular file")
        check_header(os.pread(fd, HEADER_BYTES, 0))
        check_size(info.st_size)  # refused before reading a huge file into memory
        data = _read_at_most(fd, MAX_BYTES + 1)  # a file that grows meanwhile is still bounded
    except OSError as error:  # /proc/self/mem and the like: listed, not readable
        raise _cannot_read(text, (error.strerror or "read error").lower()) from error
    finally:
        os.close(fd)
    check_size(len(data))
    return data, os.path.basename(path)
