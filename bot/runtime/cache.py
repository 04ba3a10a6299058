"""A bounded, least-recently-used, content-addressed cache of job results.

Keys are digests of what determines a result (the job function, its
arguments, the SoundFont and the output format); see `bot.pool`. The cache is
bounded both in entries and in bytes, because one entry can hold a ~9 MiB MP3.

Public API: `ResultCache`.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any


class ResultCache:
    """LRU map from key to result, holding at most `max_entries` and `max_bytes` (sizes given)."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: str) -> bool:
        return key in self._items

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0 and self.max_bytes > 0

    @property
    def total_bytes(self) -> int:
        """Sum of the sizes of the entries held, in bytes."""
        return self._bytes

    def get(self, key: str) -> Any | None:
        """The result stored under `key` (now most recently used), or None."""
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: str, value: Any, size: int) -> None:
        """Store `value` (`size` bytes); evicts least recently used entries to stay in bounds.

        A value larger than the whole byte budget is not stored.
        """
        if not self.enabled or size > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[key] = (value, size)
        self._bytes += size
        while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self._bytes -= dropped

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0
