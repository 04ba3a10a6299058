"""A real PostgreSQL server for the tests: one per session, a fresh database per test.

`initdb` and `pg_ctl` run as an unprivileged user (PostgreSQL refuses root): the
`postgres` system user the Debian package creates, through `runuser`, when the tests
run as root (as here and in CI); the current user otherwise. The server listens on a
free loopback port, keeps its files in a temporary folder and is stopped at the end.
Tests that use it are marked `scaleout` (tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

SYSTEM_USER = "postgres"  # created by Debian's postgresql package
ROLE = "melodybot"  # the superuser role initdb creates; trust authentication on loopback
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_program(name: str) -> str:
    """initdb / pg_ctl: on PATH, else in Debian's versioned folder."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        pytest.skip(f"{name} is not installed (make test installs postgresql)")
    return found


class PostgresServer:
    """PostgreSQL on 127.0.0.1:`port`, its cluster in a temporary folder."""

    def __init__(self, *, durable: bool = False) -> None:
        # Not under pytest's 0700 root-owned temp folders: the server user must reach it.
        self.folder = Path(tempfile.mkdtemp(prefix="melodybot-pg-"))
        self.port = free_port()
        self.durable = durable  # fsync on (the benchmark); off for the tests' speed
        self._names = itertools.count()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, SYSTEM_USER)
            self._as_user = ["runuser", "-u", SYSTEM_USER, "--"]

    def _run(self, *command: str) -> None:
        subprocess.run(
            [*self._as_user, *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.folder,
        )

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            server_program("initdb"), "-D", str(data), "-U", ROLE, "-A", "trust", "-E", "UTF8"
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            server_program("pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            str(START_SECONDS),
            "start",
        )

    def stop(self) -> None:
        data = self.folder / "data"
        if data.exists():
            self._run(server_program("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The bot's DATABASE_URL for `database` on this server."""
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its DATABASE_URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"

        async def create() -> None:
            connection = await asyncpg.connect(self.url())
            try:
                await connection.execute(f'CREATE DATABASE "{name}"')
            finally:
                await connection.close()

        asyncio.run(create())
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole session (each pytest-xdist worker has its own)."""
    server = PostgresServer()
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        shutil.rmtree(server.folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr.decode()[-2000:]}") from error
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """DATABASE_URL of a fresh database on the session's server."""
    return postgres_server.new_database()
