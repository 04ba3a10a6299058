"""The in-process job runner keeps the JobRunner contract callers rely on."""

from __future__ import annotations

import threading

import pytest

from bot.errors import JobFailed, UserError, user_message
from bot.runtime.in_process import InProcessRunner
from bot.runtime.runner import JobRunner
from tests.bot.runtime import pool_jobs


def _thread_name() -> str:
    return threading.current_thread().name


async def test_jobs_run_off_the_event_loop_and_report_their_start() -> None:
    runner: JobRunner = InProcessRunner()
    positions: list[int] = []
    ran_in = await runner.submit(_thread_name, on_position=positions.append)
    assert ran_in != threading.current_thread().name
    assert positions == [0]
    assert await runner.submit(pool_jobs.sleep_then, 0, "done") == "done"


async def test_a_job_past_its_time_fails_in_one_line() -> None:
    runner = InProcessRunner(job_timeout=0.2)
    with pytest.raises(JobFailed) as failed:
        await runner.submit(pool_jobs.sleep_then, 1.0, "late")
    assert user_message(failed.value) == (
        "That took longer than 0.2 s and was stopped. Please try again."
    )


async def test_a_job_s_own_error_reaches_the_caller_unchanged() -> None:
    with pytest.raises(UserError, match="no such tune"):
        await InProcessRunner().submit(pool_jobs.refuse, "no such tune")
