"""The curated facts as parsed, file by file, indexed by subject for the checks that walk them."""

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
        self.triples = list(triples)
        self._about: dict[object, list[ox.Triple]] = defaultdict(list)
        for triple in self.triples:
            self._about[triple.subject].append(triple)

    def __len__(self) -> int:
        return len(self.triples)

    def about(self, node: object) -> list[ox.Triple]:
        """The triples whose subject is ``node``."""
        return self._about.get(node, [])

    def value(self, node: object, predicate: ox.NamedNode) -> list[object]:
        """The objects of ``node``'s triples with ``predicate``."""
        return [t.object for t in self.about(node) if t.predicate == predicate]

    def pointing_to(self, predicates: set[ox.NamedNode]) -> dict[object, list[ox.Triple]]:
        """For each object, the triples with one of ``predicates`` that point to it."""
        index: dict[object, list[ox.Triple]] = defaultdict(list)
        for triple in self.triples:
            if triple.predicate in predicates:
                index[triple.object].append(triple)
        return index


class Facts(Index):
    """Every triple of ``graph/``, in file order, with the files they were read from."""

    def __init__(self, files: Iterable[TurtleFile]) -> None:
        self.files = list(files)
        super().__init__(t for file in self.files for t in file.triples)

    @cached_property
    def lines(self) -> list[list[bytes]]:
        """Each file's triples as N-Triples lines, in the same order."""
        return [nt.lines(file.triples) for file in self.files]
