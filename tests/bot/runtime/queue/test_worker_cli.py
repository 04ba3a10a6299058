"""`melodybot worker` without JOB_QUEUE_URL: one line saying what to set, no traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.bot.runtime.queue.servers import MELODYBOT


def test_worker_without_a_queue_url_says_what_to_set(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JOB_QUEUE_URL"}
    done = subprocess.run(
        [str(MELODYBOT), "worker"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "melodybot: JOB_QUEUE_URL is not set. Set it to the Redis URL, e.g. redis://redis:6379/0.\n"
    )
