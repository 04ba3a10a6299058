"""One real redis-server per test session, and `melodybot worker` processes on it.

Fixtures for every test folder (registered in tests/conftest.py): `redis_server` (the
session's server), `redis_url` (an emptied Redis for one test) and `start_worker` (warm
queue workers, stopped after the test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.bot.runtime.queue.servers import QueueWorker, RedisServer

JOB_TIMEOUT = 20.0  # seconds; a dead worker's job is retried 10 s after this


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    if redis_server.process is None:  # a test stopped it and failed before starting it again
        redis_server.start()
    redis_server.flush()
    return redis_server.url


@pytest.fixture
def start_worker(redis_url: str, tmp_path: Path) -> Iterator[Callable[..., QueueWorker]]:
    """Starts a warm worker (job timeout in seconds) on the session's Redis; all are
    stopped after the test."""
    started: list[QueueWorker] = []

    def start(job_timeout: float = JOB_TIMEOUT) -> QueueWorker:
        worker = QueueWorker(redis_url, tmp_path, job_timeout)
        started.append(worker)
        worker.wait_warm()
        return worker

    yield start
    for worker in started:
        worker.stop()
