"""The walls around a process that runs users' queries: no network, bounded memory, low priority.

:func:`confine` is called in each query worker right after it is forked. It installs a seccomp
filter (libseccomp, Debian's ``libseccomp2``, through ``pyseccomp``) under which the process can
never create a socket, connect, bind, listen or accept — it answers on the socket it inherited —
nor set up io_uring (which could open connections without those calls); ``no_new_privs`` is set
first, so the filter cannot be lifted. The denied calls are not just failed: they are reported
to a thread of the worker (seccomp user notification), which answers ``EACCES`` and remembers
the attempt, so a query that tried to reach out — even under ``SERVICE SILENT``, whose failure
Oxigraph would otherwise swallow — is refused as such (:func:`attempted`).

The worker's data segment (``RLIMIT_DATA``: heap and private mappings, which also counts what it
shares copy-on-write with the server, measured at fork) may grow by ``memory_mb``: a query that
needs more fails to allocate and its worker ends. Workers run at a lower CPU priority than the
server, so cached answers and the event loop keep the CPU while heavy queries run.
"""

from __future__ import annotations

import errno
import os
import resource
import threading

import pyseccomp as seccomp

DENIED = ("socket", "connect", "bind", "listen", "accept", "accept4")
_attempts: list[str] = []


def confine(memory_mb: int | None, idle: bool = False) -> None:
    """Wall in this process: no network from here on, ``memory_mb`` more memory and, if
    ``idle``, the CPU only when no other process wants it (``SCHED_IDLE``)."""
    if idle:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    if memory_mb:
        allowed = _data_bytes() + (memory_mb << 20)
        resource.setrlimit(resource.RLIMIT_DATA, (allowed, allowed))
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    rules.set_attr(seccomp.Attr.CTL_NNP, 1)
    for call in DENIED:
        rules.add_rule(seccomp.NOTIFY, call)
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "io_uring_setup")
    rules.load()
    threading.Thread(target=_answer, args=(rules,), daemon=True, name="seccomp").start()


def attempted() -> bool:
    """Whether a network call was refused since the last time this was asked."""
    tried = bool(_attempts)
    _attempts.clear()
    return tried


def _answer(rules: seccomp.SyscallFilter) -> None:
    """Refuse every denied call with ``EACCES``, noting it."""
    while True:
        call = rules.receive_notify()
        _attempts.append(str(call.syscall))
        rules.respond_notify(seccomp.NotificationResponse(-errno.EACCES, 0, call.id, 0))


def _data_bytes() -> int:
    """The size of this process's data segment (``VmData``), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) << 10
    raise OSError("/proc/self/status has no VmData")
