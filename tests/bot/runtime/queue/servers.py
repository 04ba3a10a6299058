"""A real redis-server and real `melodybot worker` processes, on loopback, for the queue tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis

REDIS_START_SECONDS = 10.0
WORKER_START_SECONDS = 60.0  # imports and the SoundFont, on a shared machine
MELODYBOT = Path(sys.executable).with_name("melodybot")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """redis-server on 127.0.0.1:`port` with its files in `folder`; stop and start again at will."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + REDIS_START_SECONDS
        while True:
            try:
                redis.Redis(port=self.port).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def flush(self) -> None:
        redis.Redis(port=self.port).flushall()


class QueueWorker:
    """One `melodybot worker` process for `url`, started warm (its health check is written)."""

    def __init__(self, url: str, folder: Path, job_timeout: float) -> None:
        env = dict(os.environ, JOB_QUEUE_URL=url, JOB_TIMEOUT_SECONDS=str(job_timeout))
        self.log = (folder / f"worker-{time.monotonic_ns()}.log").open("wb")
        # `cwd` is a temporary folder so no developer's .env is read.
        self.process = subprocess.Popen(
            [str(MELODYBOT), "worker"], env=env, cwd=folder, stderr=self.log, stdout=self.log
        )

    def wait_warm(self) -> None:
        """Until the worker has loaded its SoundFont and is taking jobs."""
        deadline = time.monotonic() + WORKER_START_SECONDS
        log = Path(self.log.name)
        while b"queue worker warm" not in log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"queue worker did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no chance to tidy up, as when a machine or its memory fails."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
