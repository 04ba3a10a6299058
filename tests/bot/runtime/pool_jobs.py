"""Job functions for the pool tests; module-level so worker processes can import them."""

from __future__ import annotations

import os
import time
import uuid

from bot.errors import UserError


def whoami(label: str) -> tuple[str, int, str]:
    """The label, the worker's pid, and a token unique to this run (so a cache hit shows)."""
    return label, os.getpid(), uuid.uuid4().hex


def sleep_then(seconds: float, label: str) -> str:
    """Sleep `seconds`, then return `label`."""
    time.sleep(seconds)
    return label


def hang() -> None:
    """Never return (until the pool's timeout kills the worker)."""
    while True:
        time.sleep(60)


def crash(code: int = 3) -> None:
    """Kill the worker process on the spot, as a segfault or OOM kill would."""
    os._exit(code)


def refuse(reason: str) -> None:
    """Fail the way a bad user input does."""
    raise UserError(reason)
