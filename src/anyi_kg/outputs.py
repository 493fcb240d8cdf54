"""Writing outputs so that nothing is lost: a new file or directory beside the target, renamed
onto it once complete.

A file output replaces the file the user named (that is what they asked), never a directory
or a device. A directory output (a store, a CSV export) is only ever replaced when anyi-kg
created it: such a directory carries the marker file ``anyi-kg.json`` naming its kind, and
holds nothing but what anyi-kg writes there. A new or empty directory is taken; anything else
is refused and left as it was. Directories are swapped in with one ``renameat2`` exchange
(Linux), so the target name always holds either the old or the new content; where the system
lacks it, the old content is first moved aside, so a crash between the two renames leaves it
under ``.NAME.*.tmp`` beside the target, not lost.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO

from .errors import BadInputError

MARKER = "anyi-kg.json"
"""The file that marks a directory as created by anyi-kg (``{"created_by": "anyi-kg", …}``)."""
_RENAME_EXCHANGE = 2


def write_files(directory: Path, writers: Mapping[str, Callable[[BinaryIO], object]]) -> list[Path]:
    """Write each named file of ``directory`` beside its name, and rename them all into place
    only once every one is complete: on a failure none is replaced."""
    paths = [directory / name for name in writers]
    with ExitStack() as stack:
        temporaries = [stack.enter_context(replacing(path)) for path in paths]
        for temporary, write in zip(temporaries, writers.values(), strict=True):
            with temporary.open("wb") as stream:
                write(stream)
    return paths


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new file beside ``path`` to write; renamed onto ``path`` when the block succeeds.

    The temporary name keeps ``path``'s suffix, for writers that choose a format by it.
    """
    if path.is_dir():
        raise BadInputError(f"{path} is a directory; give a file name")
    if path.exists() and not path.is_file():
        raise BadInputError(f"{path} is not a regular file; refusing to replace it")
    parent = _directory_for(path)
    temporary = _new_beside(path, directory=False)
    try:
        yield temporary
        if path.is_file():  # the user's file keeps its permissions
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)
    _sync_directory(parent)


def marker(directory: Path) -> dict[str, Any] | None:
    """The marker of a directory that anyi-kg created, or ``None``."""
    try:
        data = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("created_by") == "anyi-kg" else None


def claim(directory: Path, kind: str, ours: re.Pattern[str], legacy: str | None = None) -> bool:
    """Whether ``directory`` holds an earlier output of ``kind``; ``False`` if new or empty.

    Refuses (:class:`BadInputError`) a file, a directory that anyi-kg did not create or that
    was made for another kind, and one holding an entry that ``ours`` does not match (a file
    the user put there). ``legacy`` names a file by which earlier versions marked ``kind``.
    """
    if directory.exists() and not directory.is_dir():
        raise BadInputError(f"{directory} is a file, not a directory")
    try:
        entries = sorted(os.listdir(directory)) if directory.exists() else []
    except OSError as error:
        raise BadInputError(f"cannot read {directory}: {error.strerror}") from None
    if not entries:
        return False
    found = marker(directory)
    if found is None and legacy is not None and (directory / legacy).is_file():
        found = {"kind": kind}
    if found is None:
        raise BadInputError(
            f"{directory} is not empty and anyi-kg did not create it; give a new or empty directory"
        )
    if found.get("kind") != kind:
        raise BadInputError(f"{directory} holds an anyi-kg {found.get('kind')}, not a {kind}")
    foreign = [e for e in entries if e != MARKER and not ours.fullmatch(e)]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise BadInputError(
            f"{directory} holds files that anyi-kg did not write ({shown}); "
            "move them away or give another directory"
        )
    return True


@contextmanager
def building(directory: Path, kind: str, **fields: object) -> Iterator[Path]:
    """A new directory beside ``directory`` to fill; swapped in when the block succeeds.

    Call :func:`claim` first. The new directory gets the marker (``kind`` and ``fields``);
    the old one, if any, is deleted after the swap. On failure the new one is removed and
    ``directory`` is left as it was.
    """
    _directory_for(directory)
    new = _new_beside(directory, directory=True)
    try:
        yield new
        if directory.is_dir():  # an empty directory the user made keeps its permissions
            os.chmod(new, stat.S_IMODE(directory.stat().st_mode))
        data = {"created_by": "anyi-kg", "kind": kind, **fields}
        _write_synced(new / MARKER, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        _sync_directory(new)
        old = _swap_in(new, directory)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _sync_directory(directory.parent)


@contextmanager
def locked(directory: Path, *, shared: bool) -> Iterator[None]:
    """Hold an advisory lock on ``directory``'s parent: exclusive to rebuild ``directory``,
    shared to open it, so that no process opens it halfway through a swap.

    The lock (``flock`` on the parent directory) writes nothing. Where the file system has no
    such locks, the block runs unlocked.
    """
    try:
        fd = os.open(_directory_for(directory), os.O_RDONLY)
    except OSError as error:
        raise BadInputError(f"cannot open {directory.parent}: {error.strerror}") from None
    try:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _directory_for(path: Path) -> Path:
    """``path``'s parent, created if missing; a parent that is a file is bad input."""
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BadInputError(f"cannot write {path}: {parent} is not a directory") from None
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror}") from None
    if not parent.is_dir():
        raise BadInputError(f"cannot write {path}: {parent} is not a directory")
    return parent


def _new_beside(path: Path, *, directory: bool) -> Path:
    """A new, empty file or directory ``.NAME.XXXXXXXX.tmpSUFFIX`` beside ``path``.

    Created with the usual permissions (``0o666``/``0o777`` less the umask), not ``mkstemp``'s.
    """
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp{path.suffix}")
        try:
            if directory:
                os.mkdir(candidate, 0o777)
            else:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return candidate
        except FileExistsError:
            continue
        except OSError as error:
            raise BadInputError(f"cannot write beside {path}: {error.strerror}") from None


def _swap_in(new: Path, target: Path) -> Path | None:
    """Put ``new`` at ``target``; returns where the old content now is, or ``None``."""
    try:
        if not target.exists() or not any(target.iterdir()):
            os.rename(new, target)  # onto nothing, or onto an empty directory: atomic
            return None
        if _exchange(new, target):
            return new
        aside = _new_beside(target, directory=True)
        os.rename(target, aside)  # replaces the empty ``aside``
        os.rename(new, target)
        return aside
    except OSError as error:
        raise BadInputError(f"cannot put the new {target} in place: {error.strerror}") from None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux ``renameat2``); ``False`` where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code))


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (best effort: some systems cannot)."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
