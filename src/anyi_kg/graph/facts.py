"""The curated facts as parsed, file by file, and a small index of triples by subject."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

import pyoxigraph as ox

from . import ntriples as nt
from .load import TurtleFile


class Index:
    """Triples and what is said about each subject."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._about: dict[object, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            self._about[triple.subject].append(triple)

    def value(self, node: object, predicate: ox.NamedNode) -> list[object]:
        """The objects of ``node``'s triples with ``predicate``."""
        return [t.object for t in self._about.get(node, []) if t.predicate == predicate]


class Facts:
    """Every triple of ``graph/``, in file order, with the files they were read from."""

    def __init__(self, files: Iterable[TurtleFile]) -> None:
        self.files = list(files)
        self.triples = [t for file in self.files for t in file.triples]

    def __len__(self) -> int:
        """The number of distinct triples (a triple stated in two places counts once)."""
        return len(set(self.triples))

    @cached_property
    def lines(self) -> list[list[bytes]]:
        """Each file's triples as N-Triples lines (:mod:`.ntriples`), in the same order."""
        return [nt.lines(file.triples) for file in self.files]
