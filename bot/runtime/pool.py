"""The worker pool: CPU work (compose, render, encode, pictures) off the event loop.

    async with WorkerPool(workers=2) as pool:
        rendered = await pool.submit(compose_job, params, on_position=print)

Each worker is a process started from a forkserver that has the job modules
imported; at start it loads the SoundFont once (`bot.jobs.init_worker`), so
jobs run warm. One asyncio "driver" task per worker takes jobs from a bounded
line and hands them to its worker over a pipe; the blocking pipe reads run in
threads, so the event loop only moves small messages.

Faults and load:
- a job running longer than `job_timeout` seconds: its worker is killed and
  replaced, the job fails with `JobFailed`;
- a worker that dies (crash, `os._exit`, out of memory): only its job fails,
  with `JobFailed`, and a new worker takes its place;
- a worker that died while idle (killed from outside, out of memory) is found
  before it is handed a job and replaced; the job runs on the replacement;
- more than `queue_size` jobs waiting: `submit` raises `Busy` at once;
- while a job waits, `on_position(n)` is called each time its place in line
  changes (1 = next), and `on_position(0)` when a job that waited starts;
- cancelling `submit` drops a waiting job, or kills the worker of a running one;
- results are cached by content (job function and arguments, SoundFont, output
  format): a repeat is answered without running the job.

Public API: `WorkerPool`, `PoolStats` (defaults come from `bot.config`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import (
    DEFAULT_CACHE_ENTRIES,
    DEFAULT_JOB_TIMEOUT,
    DEFAULT_QUEUE_SIZE,
    default_workers,
)
from bot.errors import Busy, JobFailed
from bot.runtime.cache import ResultCache
from bot.runtime.jobs import init_worker
from bot.runtime.runner import PositionCallback
from bot.runtime.waiting_line import WaitingJob, WaitingLine
from bot.runtime.worker import Worker
from engine.audio.soundfont import find_soundfont, soundfont_fingerprint

log = logging.getLogger(__name__)

DEFAULT_CACHE_BYTES = 256 * 1024 * 1024
WORKER_START_TIMEOUT = 60.0  # seconds for a new worker to load its SoundFont
RESTART_BACKOFF = 1.0  # seconds between attempts when a replacement worker fails to start
# Bump when a job's output format changes, so cached results of the old format never match.
CACHE_FORMAT = "1"
# Imported once in the forkserver, so each new worker starts with them already loaded.
PRELOAD_MODULES = [
    "bot.runtime.worker",
    "bot.runtime.jobs",
    "engine.audio.synth",
    "engine.audio.mp3",
    # Not engine.picture.pianoroll: matplotlib (~30 MiB a process) loads in the first job
    # that draws a piano roll; the score is the usual picture.
]


@dataclass
class PoolStats:
    """Counters since the pool started; `runs` counts jobs a worker actually ran."""

    submitted: int = 0
    runs: int = 0
    cache_hits: int = 0
    busy: int = 0
    timeouts: int = 0
    crashes: int = 0
    cancelled_running: int = 0
    restarts: int = 0
    idle_deaths: int = 0
    worker_pids: list[int] = field(default_factory=list)


class WorkerPool:
    """Warm worker processes behind a bounded, position-reporting line and a result cache.

    `soundfont` is looked up with `engine.soundfont.find_soundfont` (None: the
    usual search order; `SoundFontMissing` when there is none). `initializer`
    runs once in each worker with the SoundFont path; None starts bare workers
    (for jobs that need no audio).
    """

    def __init__(
        self,
        workers: int | None = None,
        soundfont: Path | str | None = None,
        job_timeout: float = DEFAULT_JOB_TIMEOUT,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        cache_entries: int = DEFAULT_CACHE_ENTRIES,
        *,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        initializer: Callable[[str | None], None] | None = init_worker,
    ) -> None:
        self.workers = workers or default_workers()
        self.job_timeout = job_timeout
        self.queue_size = queue_size
        self.stats = PoolStats()
        self._soundfont_given = soundfont
        self._initializer = initializer
        self._cache = ResultCache(cache_entries, cache_bytes)
        self._line = WaitingLine()
        self._drivers: list[asyncio.Task[None]] = []
        self._live: dict[int, Worker] = {}
        self._idle = 0  # drivers waiting for a job; jobs up to this many will not wait
        self._threads: ThreadPoolExecutor | None = None
        self._context: multiprocessing.context.ForkServerContext | None = None
        self._key_salt = b""
        self.soundfont: Path | None = None
        self._running = False

    # --- lifetime --------------------------------------------------------------------------

    async def __aenter__(self) -> WorkerPool:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Find the SoundFont (SoundFontMissing if none) and start every worker warm."""
        self.soundfont = find_soundfont(self._soundfont_given)
        fingerprint = soundfont_fingerprint(self.soundfont)
        self._key_salt = f"|{fingerprint}|format{CACHE_FORMAT}".encode()
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(PRELOAD_MODULES)
        # Threads only block on pipes: one per running job, plus room for starts and stops.
        self._threads = ThreadPoolExecutor(
            max_workers=2 * self.workers + 2, thread_name_prefix="melodybot-pool"
        )
        self._running = True
        workers = await asyncio.gather(
            *(self._start_worker() for _ in range(self.workers)), return_exceptions=True
        )
        failure = next((w for w in workers if isinstance(w, BaseException)), None)
        if failure is not None:
            for worker in workers:
                if isinstance(worker, Worker):
                    await self._in_thread(worker.stop)
            await self.close()
            raise failure
        self._drivers = [
            asyncio.create_task(self._drive(w), name=f"pool-driver-{i}")
            for i, w in enumerate(workers)
            if isinstance(w, Worker)  # every one is, failures were raised above
        ]

    async def close(self) -> None:
        """Fail waiting jobs, stop the drivers and their workers, free the threads."""
        self._running = False
        self._line.fail_all(lambda: JobFailed("The bot is shutting down; try again soon."))
        for driver in self._drivers:
            driver.cancel()
        await asyncio.gather(*self._drivers, return_exceptions=True)
        self._drivers = []
        await self._line.close()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None

    # --- submitting --------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """Jobs waiting for a worker (not counting those an idle worker is about to take)."""
        return max(0, len(self._line) - self._idle)

    @property
    def cache(self) -> ResultCache:
        return self._cache

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for measuring memory)."""
        return [w.pid for w in self._live.values() if w.pid is not None]

    async def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_position: PositionCallback | None = None,
        cache: bool = True,
        run_seconds: float | None = None,
    ) -> Any:
        """Run `fn(*args)` in a worker and return its result (or raise its exception).

        `fn` must be a module-level function and `args` picklable. Raises `Busy`
        at once when `queue_size` jobs already wait, `JobFailed` on timeout or
        crash. With `cache`, an identical earlier call's result is returned.
        `run_seconds` (seconds of running, not waiting) overrides `job_timeout` for
        jobs known to be long, such as 64 bars at 40 BPM.
        """
        if not self._running:
            raise RuntimeError("the worker pool is not running; use `async with WorkerPool()`")
        request = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        self.stats.submitted += 1
        key = None
        if cache and self._cache.enabled:
            key = hashlib.sha256(request + self._key_salt).hexdigest()
            hit = self._cache.get(key)
            if hit is not None:
                self.stats.cache_hits += 1
                return hit
        if self.waiting >= self.queue_size:
            self.stats.busy += 1
            raise Busy(f"The bot is busy: {self.waiting} jobs are waiting. Try again in a minute.")
        job = WaitingJob(
            request,
            key,
            asyncio.get_running_loop().create_future(),
            on_position,
            run_seconds or self.job_timeout,
        )
        self._line.join(job)
        try:
            return await job.future
        finally:
            self._line.leave(job)  # cancelled while waiting: leave the line

    # --- drivers -------------------------------------------------------------------------

    async def _in_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self._threads is None:
            raise RuntimeError("the worker pool is not started")
        return await asyncio.get_running_loop().run_in_executor(self._threads, fn, *args)

    async def _start_worker(self) -> Worker:
        soundfont = str(self.soundfont) if self.soundfont else None
        worker: Worker = await self._in_thread(Worker, self._context, soundfont, self._initializer)
        try:
            await self._in_thread(worker.wait_ready, WORKER_START_TIMEOUT)
        except BaseException:
            await self._in_thread(worker.kill)
            worker.close()
            raise
        if worker.pid is not None:
            self._live[worker.pid] = worker
            self.stats.worker_pids.append(worker.pid)
        return worker

    async def _drive(self, worker: Worker | None) -> None:
        """Feed jobs to one worker for the pool's lifetime, replacing it when it is lost."""
        try:
            while True:
                if worker is None:
                    worker = await self._replacement()
                self._idle += 1
                try:
                    job = await self._line.take()
                finally:
                    self._idle -= 1
                if not worker.is_alive():
                    worker = await self._replace_dead(worker)
                if not await self._run(worker, job):
                    self._live.pop(worker.pid or -1, None)
                    worker = None
        finally:
            if worker is not None:
                self._live.pop(worker.pid or -1, None)
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._in_thread(worker.stop))

    async def _replace_dead(self, worker: Worker) -> Worker:
        """A worker that died while idle, reaped and replaced (its job was not sent yet)."""
        self._live.pop(worker.pid or -1, None)
        await self._in_thread(worker.process.join, 5)  # reap it off the loop
        log.warning(
            "worker %s died while idle (exit code %s); replacing it",
            worker.pid,
            worker.process.exitcode,
        )
        worker.close()
        self.stats.idle_deaths += 1
        return await self._replacement()

    async def _replacement(self) -> Worker:
        while True:
            try:
                worker = await self._start_worker()
            except Exception as error:
                log.error("could not start a replacement worker: %s", error)
                await asyncio.sleep(RESTART_BACKOFF)
                continue
            self.stats.restarts += 1
            return worker

    async def _run(self, worker: Worker, job: WaitingJob) -> bool:
        """Run one job on `worker`; returns False when the worker was lost and must be replaced."""
        running = asyncio.ensure_future(self._in_thread(worker.call, job.request))
        try:
            await asyncio.wait(
                {running, job.future}, timeout=job.timeout, return_when=asyncio.FIRST_COMPLETED
            )
        except asyncio.CancelledError:  # the pool is closing
            await self._discard(worker, running)
            if not job.future.done():
                job.future.set_exception(JobFailed("The bot is shutting down; try again soon."))
            raise
        if running.done():
            return await self._settle(worker, job, running)
        if job.future.done():
            self.stats.cancelled_running += 1
        else:
            self.stats.timeouts += 1
            job.future.set_exception(
                JobFailed(
                    f"The job took longer than {job.timeout:g} s and was stopped. "
                    "Try a shorter melody, or try again later."
                )
            )
        await self._discard(worker, running)
        return False

    async def _settle(self, worker: Worker, job: WaitingJob, running: asyncio.Future[Any]) -> bool:
        """Pass a finished call's result or error to the job; False if the worker died."""
        try:
            size, (status, value) = running.result()
        except (EOFError, OSError):  # the pipe closed: the worker died
            self.stats.crashes += 1
            await self._in_thread(worker.process.join, 5)  # reap it off the loop
            code = worker.process.exitcode
            worker.close()
            if not job.future.done():
                job.future.set_exception(
                    JobFailed(
                        f"The worker crashed while working on this (exit code {code}); "
                        "nothing else was affected. Please try again."
                    )
                )
            return False
        except Exception as error:  # the reply could not be unpickled; the worker is fine
            if not job.future.done():
                job.future.set_exception(error)
            return True
        self.stats.runs += 1
        if job.future.done():
            return True
        if status == "ok":
            if job.key is not None:
                self._cache.put(job.key, value, size)
            job.future.set_result(value)
        else:
            job.future.set_exception(value)
        return True

    async def _discard(self, worker: Worker, running: asyncio.Future[Any]) -> None:
        """Kill a worker whose job is abandoned; close its pipe once the reading thread is done."""
        await asyncio.shield(self._in_thread(worker.kill))
        with contextlib.suppress(BaseException):
            await asyncio.shield(running)
        worker.close()
