"""One worker process of the pool and the bot's end of its pipe.

`worker_main` is the process's whole life: run the initializer (load the
SoundFont), say "ready", then run pickled (fn, args) requests and send back
("ok", result) or ("error", exception) until told to stop or the pipe closes.
`Worker` starts such a process and talks to it; its blocking methods are meant
to run in threads, never on the event loop.

Public API: `Worker`, `worker_main`, `error_payload`, `WORKER_STOP_GRACE`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

WORKER_STOP_GRACE = 2.0  # seconds a worker gets to exit before it is killed


def error_payload(error: BaseException) -> bytes:
    """The pickled ('error', exception) reply; unpicklable exceptions become RuntimeError."""
    if not isinstance(error, Exception):
        error = RuntimeError(f"{type(error).__name__}: {error}")
    with contextlib.suppress(Exception):
        error.add_note("".join(traceback.format_exception(error)))
        return pickle.dumps(("error", error))
    return pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))


def worker_main(
    conn: Connection, soundfont: str | None, initializer: Callable[[str | None], None] | None
) -> None:
    """A worker's life: warm up, say 'ready', then run (fn, args) requests until told to stop."""
    # Ctrl-C reaches the whole process group; the bot decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if initializer is not None:
            initializer(soundfont)
    except BaseException as error:
        conn.send_bytes(pickle.dumps(("failed", f"{type(error).__name__}: {error}")))
        return
    conn.send_bytes(pickle.dumps(("ready", os.getpid())))
    while True:
        try:
            request = pickle.loads(conn.recv_bytes())  # noqa: S301 - our own pipe from the bot
        except EOFError:
            return
        if request is None:
            return
        fn, args = request
        try:
            reply = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # every failure goes back to the job's caller
            reply = error_payload(error)
        conn.send_bytes(reply)


class Worker:
    """One worker process and the bot's end of its pipe. Blocking methods run in threads."""

    def __init__(
        self,
        context: multiprocessing.context.ForkServerContext,
        soundfont: str | None,
        initializer: Callable[[str | None], None] | None,
    ) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=worker_main,
            args=(child, soundfont, initializer),
            name="melodybot-worker",
            daemon=True,
        )
        self.process.start()
        child.close()  # so the bot sees EOF when the worker dies

    @property
    def pid(self) -> int | None:
        pid: int | None = self.process.pid
        return pid

    def is_alive(self) -> bool:
        """False once the process has exited (checked before each job is sent).

        The pipe is asked too: an idle worker sends nothing, so a readable pipe means its end
        was closed by its death, which shows before the forkserver has reaped it (until then
        `process.is_alive()` still says True).
        """
        alive: bool = self.process.is_alive() and not self.conn.poll(0)
        return alive

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has warmed up; raise RuntimeError if it failed or hung."""
        if not self.conn.poll(timeout):
            raise RuntimeError(f"a worker did not start within {timeout:g} s")
        try:
            status, detail = pickle.loads(self.conn.recv_bytes())  # noqa: S301 - our own child
        except EOFError:
            status, detail = "failed", f"it exited with code {self.process.exitcode}"
        if status != "ready":
            raise RuntimeError(f"a worker failed to start: {detail}")

    def call(self, request: bytes) -> tuple[int, tuple[str, Any]]:
        """Send a pickled (fn, args); block for the reply. Returns (reply size in bytes, reply)."""
        self.conn.send_bytes(request)
        reply = self.conn.recv_bytes()
        return len(reply), pickle.loads(reply)  # noqa: S301 - our own child process

    def kill(self) -> None:
        """Kill the process at once and reap it."""
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(5)

    def stop(self) -> None:
        """Ask the worker to exit; kill it if it has not within the grace period."""
        with contextlib.suppress(OSError):
            self.conn.send_bytes(pickle.dumps(None))
        self.process.join(WORKER_STOP_GRACE)
        if self.process.is_alive():
            self.kill()
        self.close()

    def close(self) -> None:
        """Close the bot's end of the pipe (only once no thread is reading it)."""
        with contextlib.suppress(OSError):
            self.conn.close()
