"""The build: assemble ontology, vocabularies and facts, check them, write ``dist/``.

The facts come from one or more graph directories, each with its own ``sources/`` texts; the
dataset holds the ontology and vocabularies in one named graph, each source document's facts
in a graph of its own, named by the document's IRI (:mod:`.sources`), and the links derived
from them in one more (:mod:`.derive`).

Oxigraph parses, checks and writes; rdflib graphs are made only when asked for
(:class:`Assembled`). Bad arguments are refused before any work. Nothing is written unless every
check passes: each output goes to a temporary file beside its place, and the files are renamed
into place only once all of them are complete. Building twice gives identical bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import BadInputError, NonConformantError
from ..outputs import replacing, write_files
from ..paths import DIST_DIR, GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR
from . import ntriples as nt
from . import sources, wellformed
from .derive import DERIVED_GRAPH, derive_from
from .facts import Facts
from .iris import BASE
from .load import load_shapes, parse_file, turtle_files
from .publish import prepare, writers
from .validate import Shapes, check_shapes, check_spans, line_index

if TYPE_CHECKING:
    from rdflib import Graph

GRAPH_NAME = "anyi-kg"
ONTOLOGY_GRAPH = BASE + "graph/ontology"
GraphDirs = Path | Sequence[Path]
"""One graph directory, or several built into one dataset."""


@dataclass
class Assembled:
    """The three graphs of the project, kept apart: as parsed, and as rdflib graphs on demand."""

    ontology_triples: list[ox.Triple]
    parsed: Facts
    graph_dirs: tuple[Path, ...] = (GRAPH_DIR,)

    @cached_property
    def ontology(self) -> Graph:
        from .rdflib_terms import rdflib_graph

        return rdflib_graph(self.ontology_triples)

    @cached_property
    def shapes(self) -> Graph:
        return load_shapes()

    @cached_property
    def facts(self) -> Graph:
        from .rdflib_terms import rdflib_graph

        return rdflib_graph(self.parsed.triples)

    def named_graphs(self) -> dict[str, list[ox.Triple]]:
        """The triples of each named graph the build writes: the ontology's, each source's, the
        derived links' (when there are any)."""
        graphs = {ONTOLOGY_GRAPH: self.ontology_triples}
        for name, files in sources.by_source(self.parsed).items():
            graphs[name] = [t for file in files for t in file.triples]
        derived = derive_from({name: nt.lines(triples) for name, triples in graphs.items()})
        if derived:
            graphs[DERIVED_GRAPH] = derived
        return graphs

    def union(self) -> Graph:
        """Ontology, vocabularies and facts as one graph: what is published and queried."""
        from .rdflib_terms import rdflib_graph

        graph = rdflib_graph(self.ontology_triples)
        return rdflib_graph(self.parsed.triples, into=graph)


def assemble(graph_dirs: GraphDirs = GRAPH_DIR) -> Assembled:
    """Parse every file strictly; a syntax error stops here with its file, line and column.

    A file that names no source document described in the graph (:mod:`.sources`) is refused.
    """
    dirs = _dirs(graph_dirs)
    files = [path for graph_dir in dirs for path in graph_files(graph_dir)]
    ontology = [t for path in [ONTOLOGY_FILE, *turtle_files(VOCAB_DIR)] for t in _triples(path)]
    assembled = Assembled(ontology, Facts(parse_file(path) for path in files), dirs)
    refused = sources.refusals(assembled.parsed)
    if refused:
        raise BadInputError("\n".join(refused))
    return assembled


def _dirs(graph_dirs: GraphDirs) -> tuple[Path, ...]:
    """The directories, each once; none is bad input."""
    dirs = (graph_dirs,) if isinstance(graph_dirs, Path) else tuple(graph_dirs)
    if not dirs:
        raise BadInputError("give at least one graph directory")
    unique = {d.resolve(): d for d in dirs}
    if len(unique) != len(dirs):
        raise BadInputError("a graph directory is given twice")
    return tuple(unique.values())


def _triples(path: Path) -> list[ox.Triple]:
    return parse_file(path).triples


def graph_files(graph_dir: Path) -> list[Path]:
    """The Turtle files of a graph directory; a missing or empty directory is bad input."""
    if not graph_dir.exists():
        raise BadInputError(f"no graph directory {graph_dir}")
    if not graph_dir.is_dir():
        raise BadInputError(f"{graph_dir} is not a directory of Turtle files")
    files = turtle_files(graph_dir)
    if not files:
        raise BadInputError(f"no Turtle files (*.ttl) in {graph_dir}")
    return files


def validate(graph_dirs: GraphDirs = GRAPH_DIR) -> Assembled:
    """Assemble and check; raise :class:`NonConformantError` listing every problem.

    Ill-typed literals and undefined terms come first, with their places in the files; only a
    graph free of them meets the quotes check and the shapes.
    """
    assembled = assemble(graph_dirs)
    defined = wellformed.defined_terms(assembled.ontology_triples)
    located = wellformed.check(assembled.parsed.files, defined)
    if located:
        _refuse(located)
    shapes = Shapes(SHAPES_FILE)
    schema = nt.lines(assembled.ontology_triples)
    lines = line_index(assembled.parsed, schema, shapes)
    problems = check_spans(lines, assembled.graph_dirs) + check_shapes(
        assembled.parsed, lines, schema, shapes
    )
    if problems:
        _refuse(problems)
    return assembled


def _refuse(problems: Iterable[object]) -> None:
    lines = [f"  {p}" for p in problems]
    raise NonConformantError(f"{len(lines)} problem(s):\n" + "\n".join(lines))


def build(graph_dirs: GraphDirs = GRAPH_DIR, out_dir: Path = DIST_DIR) -> list[Path]:
    """Validate, then write the graph in every format; returns the files written."""
    _check_out_dir(out_dir)
    for graph_dir in _dirs(graph_dirs):
        if out_dir.resolve() == graph_dir.resolve():
            raise BadInputError(f"{out_dir} is the graph directory: the outputs would become input")
    assembled = validate(graph_dirs)
    graphs = {ONTOLOGY_GRAPH: nt.lines(assembled.ontology_triples)}
    lines = dict(zip(map(id, assembled.parsed.files), assembled.parsed.lines, strict=True))
    for name, files in sources.by_source(assembled.parsed).items():
        graphs[name] = [line for file in files for line in lines[id(file)]]
    del assembled  # the triples and indexes of the checks, no longer needed
    derived = derive_from(graphs)
    if derived:  # a graph of no companies and no disagreements has none
        graphs[DERIVED_GRAPH] = nt.lines(derived)
    prepared = [prepare(name, lines) for name, lines in graphs.items()]
    return write_files(out_dir, writers(GRAPH_NAME, prepared))


def _check_out_dir(out_dir: Path) -> None:
    """Refuse an output that is not a directory, or one that cannot be made, before any work."""
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                raise BadInputError(f"{path} exists and is not a directory: cannot write {out_dir}")
            if not os.access(path, os.W_OK | os.X_OK):
                raise BadInputError(f"{path} is not writable: cannot write {out_dir}")
            return


def document_ontology(out_dir: Path = DIST_DIR) -> Path:
    """Write the ontology's HTML documentation (pyLODE) to ``out_dir/ontology.html``.

    Kept out of :func:`build`: pyLODE orders the members of ``owl:unionOf`` by object
    identity, so its bytes vary from run to run while the graph outputs do not.
    """
    from pylode import OntPub  # heavy import, only when documenting

    parse_file(ONTOLOGY_FILE)  # the strict parser is the gate here too
    _check_out_dir(out_dir)
    path = out_dir / "ontology.html"
    with replacing(path) as temporary:
        temporary.write_bytes(OntPub(ontology=str(ONTOLOGY_FILE)).make_html().encode("utf-8"))
    return path
