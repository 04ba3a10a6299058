"""Markers by folder, so `make test-fast` can leave out end-to-end and audio tests.

- `e2e`: the Discord and Telegram front ends over loopback fakes, the CLI and the
  launcher as subprocesses;
- `audio`: FluidSynth rendering and MP3 encoding;
- `scaleout`: the Redis job queue and queue workers, with a real redis-server; the store
  on a real PostgreSQL (`tests.postgres`: one server per session).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres import postgres_server, postgres_url
from tests.redis_server import redis_server, redis_url, start_worker

# Fixtures for every test folder: one PostgreSQL and one redis-server per session.
__all__ = ["postgres_server", "postgres_url", "redis_server", "redis_url", "start_worker"]

TESTS = Path(__file__).parent
E2E = ("bot/frontends", "bot/test_launcher.py", "bot/test_running_both.py", "bot/test_shutdown.py")
AUDIO = ("engine/audio", "bot/runtime", "bot/frontends/cli/test_cli_audio.py")
SCALEOUT = ("bot/runtime/queue", "bot/store/postgres", "scaleout")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = Path(item.path).relative_to(TESTS).as_posix()
        if where.startswith(E2E):
            item.add_marker(pytest.mark.e2e)
        if where.startswith(AUDIO):
            item.add_marker(pytest.mark.audio)
        if where.startswith(SCALEOUT):
            item.add_marker(pytest.mark.scaleout)
