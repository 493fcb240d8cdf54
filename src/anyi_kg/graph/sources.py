"""The sources of a graph: which source document each file states, and where its text is.

Each source document is a named graph of the dataset, named by the document's own IRI
(``src:<id>``). A file of facts says its source by its ``@base`` (``<>`` is the document), so the
build puts a file's triples into the graph its ``@base`` names. A file without ``@base``, or
whose ``@base`` is not a source document described in the graph (``<id> a ak:SourceDocument``
in some file), is refused with its path. The texts are ``sources/<id>.txt`` of every graph
directory; an id held by two directories is refused, so a span is always read from one text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import BadInputError
from .facts import Facts
from .iris import AK, PREFIXES
from .load import TurtleFile

_SRC = PREFIXES["src"]
_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_DOCUMENT = ox.NamedNode(AK.SourceDocument)


def source_texts(graph_dirs: Sequence[Path]) -> dict[str, Path]:
    """The text file of each source id, over ``sources/`` of every directory."""
    texts: dict[str, Path] = {}
    for directory in graph_dirs:
        for path in sorted((directory / "sources").glob("*.txt")):
            if path.stem in texts:
                raise BadInputError(
                    f"source {path.stem} has two texts, {texts[path.stem]} and {path}: "
                    "a source id names one document"
                )
            texts[path.stem] = path
    return texts


def described(facts: Facts) -> set[str]:
    """The IRIs of the source documents the graph describes."""
    return {
        t.subject.value
        for t in facts.triples
        if t.predicate == _TYPE and t.object == _DOCUMENT and isinstance(t.subject, ox.NamedNode)
    }


def refusals(facts: Facts) -> list[str]:
    """Why each file that cannot be placed in a source's graph is refused (file and reason)."""
    documents = described(facts)
    problems = []
    for file in facts.files:
        base = file.declared_base
        if base is None:
            problems.append(f"{file.path}: sets no @base: a file of facts says its source by it")
        elif base not in documents:
            problems.append(
                f"{file.path}: @base <{base}> is not a source document described in the graph "
                f"(no <{base}> a ak:SourceDocument)"
            )
    return problems


def by_source(facts: Facts) -> dict[str, list[TurtleFile]]:
    """The files of each source's graph, sorted by source IRI (after :func:`refusals`)."""
    graphs: dict[str, list[TurtleFile]] = {}
    for file in facts.files:
        assert file.declared_base is not None
        graphs.setdefault(file.declared_base, []).append(file)
    return dict(sorted(graphs.items()))
