"""Running the `melodybot` command line as a user does: a child process in a folder of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`melodybot ARGS` in `cwd` (so no developer `.env` is read); `timeout` only stops a hang."""
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path.cwd()), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot.frontends.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=environment,
    )
