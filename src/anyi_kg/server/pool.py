"""Queries in worker processes that are killed when they run too long.

A thread cannot be stopped and pyoxigraph cannot cancel a query, so queries run in forked
worker processes that share the loaded store copy-on-write; a worker whose query outlives the
timeout (or whose client went away) is killed, which really stops the work, and replaced.

Workers are forked by a *zygote*: a process forked once at start, before the server runs any
threads, that does nothing but fork. Forking a replacement from the server itself, which by then
runs threads, could copy a lock some other thread holds; forking from the single-threaded zygote
cannot. The zygote hands each new worker's socket to the server over a Unix socket; each
worker runs ``init`` (the sandbox) before its first job.

One deadline covers the wait for a free worker and the run. A job waits for a worker at most
:data:`BUSY_WAIT` seconds; then :class:`Busy` says to come back later (503 with
``Retry-After``), rather than letting a queue grow behind slow queries.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import pickle
import signal
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from ..store.limits import QueryTimeout, portable

_HEADER = struct.Struct("!Q")
Handler = Callable[[Any], Any]
BUSY_WAIT = 2.0  # seconds a job waits for a free worker before Busy
RETRY_AFTER = 5  # seconds, the Retry-After of a Busy answer


_HELD: set[socket.socket] = set()  # the server's sockets to every pool's zygote and workers


class WorkerLost(RuntimeError):
    """A worker process ended without answering (it crashed or was killed)."""


class Busy(RuntimeError):
    """Every worker stayed busy for :data:`BUSY_WAIT` seconds."""


@dataclass
class _Worker:
    pid: int
    sock: socket.socket


class Pool:
    """``size`` worker processes running ``handler(job)``; start it inside the event loop."""

    def __init__(
        self, handler: Handler, size: int = 2, init: Callable[[], None] | None = None
    ) -> None:
        self.handler, self.size, self.init = handler, max(1, size), init
        self._control: socket.socket | None = None
        self._zygote = 0
        self._spawning = threading.Lock()
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: dict[int, _Worker] = {}

    def start(self) -> None:
        """Fork the zygote and the workers."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            for held in (ours, *_HELD):  # other pools' sockets are not this one's to keep
                held.close()
            _zygote(theirs, self.handler, self.init)
        theirs.close()
        self._control, self._zygote = ours, pid
        _HELD.add(ours)
        for _ in range(self.size):
            self._idle.put_nowait(self._spawn())

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        return sorted(self._workers)

    async def run(
        self, job: Any, timeout: float | None, since: float | None = None, wait: float = BUSY_WAIT
    ) -> Any:
        """``handler(job)`` in a worker; :class:`QueryTimeout` once ``timeout`` seconds have
        passed since ``since`` (the event loop's time; default now), the wait for a free
        worker included; :class:`Busy` when none was free for ``wait`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else (since or loop.time()) + timeout
        if deadline is not None:
            wait = min(wait, deadline - loop.time())
        try:
            async with asyncio.timeout(max(0.0, wait)):
                worker = await self._idle.get()
        except TimeoutError:
            if deadline is not None and loop.time() >= deadline:
                raise QueryTimeout(f"the query waited {timeout:g} s for a worker") from None
            raise Busy(f"every query worker stayed busy for {wait:g} s") from None
        try:
            async with asyncio.timeout_at(deadline):
                ok, value = await _exchange(worker.sock, job)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"no answer within {timeout:g} s; the query was stopped") from None
        except BaseException:  # cancelled (the client left) or the worker died: stop it
            self._replace(worker)
            raise
        if not ok and isinstance(value, MemoryError):  # at its memory limit: start afresh
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)
        if ok:
            return value
        raise value

    def close(self) -> None:
        """Stop every worker and the zygote."""
        for worker in list(self._workers.values()):
            self._kill(worker)
        if self._control is not None:
            _HELD.discard(self._control)
            self._control.close()
            self._control = None
            os.waitpid(self._zygote, 0)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; a new one joins the idle queue as soon as the zygote forks it."""
        self._kill(worker)
        if self._control is None:
            return
        loop = asyncio.get_running_loop()

        def respawn() -> None:
            fresh = self._spawn()
            loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

        loop.run_in_executor(None, respawn)

    def _spawn(self) -> _Worker:
        assert self._control is not None
        with self._spawning:
            self._control.sendall(b"+")
            data, fds, _, _ = socket.recv_fds(self._control, 4, 1)
        if len(data) != 4 or not fds:
            raise WorkerLost("the zygote did not hand over a worker")
        sock = socket.socket(fileno=fds[0])
        sock.setblocking(False)
        worker = _Worker(int.from_bytes(data, "big"), sock)
        self._workers[worker.pid] = worker
        _HELD.add(sock)
        return worker

    def _kill(self, worker: _Worker) -> None:
        self._workers.pop(worker.pid, None)
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        _HELD.discard(worker.sock)
        worker.sock.close()


async def _exchange(sock: socket.socket, job: Any) -> tuple[bool, Any]:
    loop = asyncio.get_running_loop()
    payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    await loop.sock_sendall(sock, _HEADER.pack(len(payload)) + payload)
    header = await _read(loop, sock, _HEADER.size)
    answer: tuple[bool, Any] = pickle.loads(await _read(loop, sock, _HEADER.unpack(header)[0]))
    return answer


async def _read(loop: asyncio.AbstractEventLoop, sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view, done = memoryview(buffer), 0
    while done < size:
        count = await loop.sock_recv_into(sock, view[done:])
        if not count:
            raise WorkerLost("a query worker ended without answering")
        done += count
    return bytes(buffer)


def _zygote(control: socket.socket, handler: Handler, init: Callable[[], None] | None) -> NoReturn:
    """Fork a worker for every byte received; leave when the server closes the socket."""
    signal.set_wakeup_fd(-1)  # the server's event loop listens there, not us
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    # What the server made before it forked us lasts as long as each worker: out of the
    # collector's sight, a worker's collections neither walk it (40-60 ms each) nor copy its pages.
    gc.freeze()
    try:
        while control.recv(1):
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            pid = os.fork()
            if pid == 0:
                control.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                if init is not None:
                    init()
                _work(theirs, handler)
            theirs.close()
            socket.send_fds(control, [pid.to_bytes(4, "big")], [ours.fileno()])
            ours.close()
    finally:
        os._exit(0)


def _work(sock: socket.socket, handler: Handler) -> NoReturn:
    """Answer jobs until the server closes the socket."""
    try:
        with sock.makefile("rb") as reader:
            while header := reader.read(_HEADER.size):
                job = pickle.loads(reader.read(_HEADER.unpack(header)[0]))
                try:
                    answer: tuple[bool, Any] = (True, handler(job))
                    payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as error:  # every failure goes back to the server
                    payload = pickle.dumps((False, portable(error)))
                sock.sendall(_HEADER.pack(len(payload)) + payload)
    finally:
        os._exit(0)
