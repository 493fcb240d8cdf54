"""A persistent Oxigraph store in a directory that anyi-kg owns (``--store DIR``).

The directory is a cache of its source: anyi-kg marks it (``anyi-kg.json``, with the source's
path, size and time and Oxigraph's version), opens it read-only while it matches, and
otherwise loads the source into a new directory beside it, compacts it, writes the search
index of its labels there (``labels.sqlite``, :mod:`anyi_kg.store.search`), and swaps that in
(:mod:`anyi_kg.outputs`). A directory it did not make is never written; one that an earlier
version made, without an index, is opened as it is (its search builds the index in memory).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import outputs
from ..errors import BadInputError
from .search import LabelIndex

KIND = "store"
INDEX_FILE = "labels.sqlite"
"""The search index of the store's labels, written with the store."""
_LEGACY_STAMP = "anyi-kg.loaded"  # written by earlier versions: a store that anyi-kg made
_OURS = re.compile(  # what anyi-kg writes in a store's directory: RocksDB's files, the index
    r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|(MANIFEST|OPTIONS)-\d+(\.dbtmp)?|\d+\.(sst|log|blob)"
    rf"|{re.escape(_LEGACY_STAMP)}|{re.escape(INDEX_FILE)}"
)


def open_directory(
    directory: Path,
    source: Path,
    load: Callable[[ox.Store], None],
    labels: Callable[[ox.Store], Iterable[ox.Triple]],
) -> tuple[ox.Store, LabelIndex | None]:
    """The store in ``directory``, read-only, and its search index (``None`` for a store that
    an earlier version loaded); built first by ``load`` from ``source``, the index from the
    triples ``labels`` reads, when ``directory`` is new, empty, or an anyi-kg store of another
    version of ``source``.

    Anything else in ``directory`` (a file, another program's Oxigraph store, files of the
    user's) is refused and left untouched. Several processes may open the store at once; a
    rebuild waits for one under way in another process, and is refused while a process holds
    the store open for writing (Oxigraph's lock).
    """
    directory = directory.resolve()
    stamp = _stamp(source)
    with outputs.locked(directory, shared=True):
        if _is_fresh(directory, stamp):
            return _read_only(directory), _index(directory)
    with outputs.locked(directory, shared=False):
        if not _is_fresh(directory, stamp):  # unless another process has just built it
            _build(directory, load, labels, stamp)
        return _read_only(directory), _index(directory)


def _stamp(source: Path) -> dict[str, object]:
    """What a store was loaded from: ``source``'s path, size and time, and the engine version."""
    try:
        stat = source.stat()
    except OSError as error:
        raise BadInputError(f"cannot load {source}: {error.strerror}") from None
    if not source.is_file():
        raise BadInputError(f"cannot load {source}: not a file")
    return {
        "source": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "oxigraph": ox.__version__,
    }


def _is_fresh(directory: Path, stamp: dict[str, object]) -> bool:
    """Whether ``directory`` is an anyi-kg store loaded from ``stamp``."""
    found = outputs.marker(directory)
    if found is None or found.get("kind") != KIND:
        return False
    return all(found.get(key) == value for key, value in stamp.items())


def _read_only(directory: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(directory))
    except OSError as error:
        raise BadInputError(f"cannot open the store in {directory}: {error}") from None


def _index(directory: Path) -> LabelIndex | None:
    """The store's search index; ``None`` if it has none that this version reads."""
    path = directory / INDEX_FILE
    if not path.is_file():
        return None
    try:
        return LabelIndex.open(path)
    except (ValueError, sqlite3.Error):
        return None


def _claim(directory: Path) -> bool:
    """:func:`outputs.claim` for a store, with a clearer word for another program's store."""
    unmarked = outputs.marker(directory) is None and not (directory / _LEGACY_STAMP).is_file()
    if unmarked and (directory / "CURRENT").is_file():
        raise BadInputError(
            f"{directory} holds an Oxigraph store that anyi-kg did not create; refusing to "
            "replace it (give a new or empty directory, or serve that store with oxigraph "
            "serve and use --endpoint)"
        )
    return outputs.claim(directory, KIND, _OURS, legacy=_LEGACY_STAMP)


def _build(
    directory: Path,
    load: Callable[[ox.Store], None],
    labels: Callable[[ox.Store], Iterable[ox.Triple]],
    stamp: dict[str, object],
) -> None:
    """Fill a new store beside ``directory`` by ``load``, index its ``labels``, and swap it
    in."""
    replacing = _claim(directory)
    if replacing:
        _check_not_in_use(directory)  # before the load, and again before the swap
    with outputs.building(directory, KIND, **stamp) as new:
        try:
            store = ox.Store(str(new))
        except OSError as error:
            raise BadInputError(f"cannot create a store beside {directory}: {error}") from None
        load(store)
        store.flush()
        # A bulk load leaves many overlapping files that every read then looks into: at 10M
        # triples, compacting them (30 s) makes questions 10-25 times faster.
        store.optimize()
        LabelIndex.build(labels(store), new / INDEX_FILE).close()
        del store  # closes it
        if replacing:
            _check_not_in_use(directory)


def _check_not_in_use(directory: Path) -> None:
    """Refuse to replace a store that a process holds open for writing (Oxigraph's lock)."""
    if _locked(directory / "LOCK"):
        raise BadInputError(
            f"the store in {directory} is in use by another process (Oxigraph's lock "
            f"{directory / 'LOCK'} is held); stop it, or give another directory"
        )


def _locked(lock: Path) -> bool:
    """Whether a process holds a POSIX lock on ``lock``, as RocksDB does on its ``LOCK`` file.

    Tested in a child process: closing the file here would drop this process's own locks on
    it. Opening the store to try its lock would rewrite some of its files.
    """
    pid = os.fork()
    if pid == 0:
        held = False
        try:
            fcntl.lockf(os.open(lock, os.O_RDWR), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            held = error.errno in (errno.EACCES, errno.EAGAIN)
        os._exit(1 if held else 0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 1
