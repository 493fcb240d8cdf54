"""Stopping a query that runs too long.

A thread cannot be killed and pyoxigraph offers no way to cancel a query in-process, so a query
with a timeout runs in a forked child: it shares the loaded store copy-on-write (nothing is
reloaded), sends its answer back through a pipe, and is killed when the time is up, which
really stops the work and frees its memory.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import BadInputError

T = TypeVar("T")


class QueryTimeout(BadInputError):
    """A query was stopped because it ran longer than its timeout."""


def run_with_timeout(work: Callable[[], T], timeout: float) -> T:
    """``work()`` in a forked child, killed after ``timeout`` seconds.

    Exceptions raised by ``work`` are raised here again; the answer must be picklable.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, then leave without running the parent's exit handlers
        os.close(read_end)
        try:
            try:
                payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as error:  # any failure goes back to the parent
                payload = pickle.dumps((False, portable(error)))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        data = _read_until(read_end, time.monotonic() + timeout)
    except BaseException:  # Ctrl-C while waiting: the child must not run on, orphaned
        _stop(pid)
        raise
    finally:
        os.close(read_end)
    if data is None:
        _stop(pid)
        raise QueryTimeout(f"query stopped after {timeout:g} s (timeout)")
    os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("the query process ended without an answer")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until end of file, or ``None`` past ``deadline``."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def portable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling, else a RuntimeError with its message."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
