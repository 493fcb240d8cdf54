"""What the tests of lost data compare: every file's bytes, before and after."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digests(path: Path) -> dict[str, str]:
    """The sha256 of ``path``, or of every file under it by relative name (with the folders)."""
    if path.is_file():
        return {".": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        str(entry.relative_to(path)): (
            hashlib.sha256(entry.read_bytes()).hexdigest() if entry.is_file() else "folder"
        )
        for entry in sorted(path.rglob("*"))
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders that a write left beside its target (``.NAME.*.tmp*``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name)
