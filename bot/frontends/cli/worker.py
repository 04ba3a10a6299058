"""`melodybot worker`: a Redis queue worker (compose and render jobs, warm FluidSynth).

Reads JOB_QUEUE_URL and the other settings from the environment or `.env`; runs
until SIGINT or SIGTERM. Start as many as there are cores to spare (docs/SCALING.md).
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.config import load_settings
from bot.errors import UserError
from bot.frontends.cli.audio import soundfont_or_error
from bot.logging_setup import configure_logging
from bot.runtime.queue_worker import run_worker


def add_parser(commands: Any) -> None:
    """Register `worker` on the `melodybot` subcommands."""
    commands.add_parser(
        "worker",
        help="run a job-queue worker for JOB_QUEUE_URL (Redis)",
        description=__doc__.splitlines()[0],
    )


def run(args: argparse.Namespace) -> int:
    """Serve queue jobs until stopped; a missing JOB_QUEUE_URL or SoundFont is one line."""
    settings = load_settings()
    if not settings.job_queue_url:
        raise UserError(
            "JOB_QUEUE_URL is not set. Set it to the Redis URL, e.g. redis://redis:6379/0."
        )
    settings.soundfont_path = soundfont_or_error(settings.soundfont_path)
    configure_logging(settings.log_level, settings.secrets())
    run_worker(settings)
    return 0
