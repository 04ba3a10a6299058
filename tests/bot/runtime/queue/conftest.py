"""The queue tests' real redis-server and `melodybot worker` processes.

The fixtures (`redis_server`, `redis_url`, `start_worker`) live in tests/redis_server.py,
shared with tests/scaleout, so one redis-server serves the whole session.
"""

from __future__ import annotations

from tests.redis_server import JOB_TIMEOUT

__all__ = ["JOB_TIMEOUT"]
