"""The build: assemble ontology, vocabularies and facts, check them, write ``dist/``.

Oxigraph parses, checks and writes; rdflib graphs are made only when asked for
(:class:`Assembled`). Bad arguments are refused before any work. Nothing is written unless every
check passes: each output goes to a temporary file beside its place, and the files are renamed
into place only once all of them are complete. Building twice gives identical bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from . import wellformed
from .errors import BadInputError, NonConformantError
from .facts import Facts
from .iris import BASE, PREFIXES
from .load import load_shapes, parse_file, to_rdflib, turtle_files
from .paths import DIST_DIR, GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE, VOCAB_DIR
from .validate import Shapes, check_shapes, check_spans

if TYPE_CHECKING:
    from rdflib import Graph

GRAPH_NAME = "anyi-kg"
ONTOLOGY_GRAPH = BASE + "graph/ontology"
FACTS_GRAPH = BASE + "graph/facts"
OUTPUTS = [f"{GRAPH_NAME}.{ext}" for ext in ("ttl", "nt", "nq", "trig", "jsonld")]
_TURTLE_PREFIXES = {p: iri for p, iri in PREFIXES.items() if p != "src"}  # spans stay <…#char=>


@dataclass
class Assembled:
    """The three graphs of the project, kept apart: as parsed, and as rdflib graphs on demand."""

    ontology_triples: list[ox.Triple]
    parsed: Facts

    @cached_property
    def ontology(self) -> Graph:
        return to_rdflib(self.ontology_triples)

    @cached_property
    def shapes(self) -> Graph:
        return load_shapes()

    @cached_property
    def facts(self) -> Graph:
        return to_rdflib(self.parsed.triples)

    def union(self) -> Graph:
        """Ontology, vocabularies and facts as one graph: what is published and queried."""
        graph = to_rdflib(self.ontology_triples)
        return to_rdflib(self.parsed.triples, into=graph)


def assemble(graph_dir: Path = GRAPH_DIR) -> Assembled:
    """Parse every file strictly; a syntax error stops here with its file, line and column."""
    files = graph_files(graph_dir)
    ontology = [t for path in [ONTOLOGY_FILE, *turtle_files(VOCAB_DIR)] for t in _triples(path)]
    return Assembled(ontology, Facts(parse_file(path) for path in files))


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


def validate(graph_dir: Path = GRAPH_DIR) -> Assembled:
    """Assemble and check; raise :class:`NonConformantError` listing every problem.

    Ill-typed literals and undefined terms come first, with their places in the files; only a
    graph free of them meets the quotes check and the shapes.
    """
    assembled = assemble(graph_dir)
    defined = wellformed.defined_terms(assembled.ontology_triples)
    located = wellformed.check(assembled.parsed.files, defined)
    if located:
        _refuse(located)
    shapes = Shapes(SHAPES_FILE)
    problems = check_spans(assembled.parsed, graph_dir / "sources") + check_shapes(
        assembled.parsed, assembled.ontology_triples, shapes
    )
    if problems:
        _refuse(problems)
    return assembled


def _refuse(problems: Iterable[object]) -> None:
    lines = [f"  {p}" for p in problems]
    raise NonConformantError(f"{len(lines)} problem(s):\n" + "\n".join(lines))


def build(graph_dir: Path = GRAPH_DIR, out_dir: Path = DIST_DIR) -> list[Path]:
    """Validate, then write the graph in every format; returns the files written."""
    _check_out_dir(out_dir)
    assembled = validate(graph_dir)
    ontology = sorted_triples(canonical(assembled.ontology_triples))
    facts = sorted_triples(canonical(assembled.parsed.triples))
    union = sorted_triples(set(ontology) | set(facts))

    def quads() -> Iterator[ox.Quad]:
        for graph, triples in ((ONTOLOGY_GRAPH, ontology), (FACTS_GRAPH, facts)):
            name = ox.NamedNode(graph)
            for t in triples:
                yield ox.Quad(t.subject, t.predicate, t.object, name)

    def rdf(
        items: Callable[[], Iterable[ox.Triple] | Iterable[ox.Quad]], rdf_format: ox.RdfFormat
    ) -> Writer:
        prefixes = None
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            prefixes = _TURTLE_PREFIXES
        return lambda out: ox.serialize(items(), out, rdf_format, prefixes=prefixes)

    writers: dict[str, Writer] = {
        f"{GRAPH_NAME}.ttl": rdf(lambda: union, ox.RdfFormat.TURTLE),
        f"{GRAPH_NAME}.nt": rdf(lambda: union, ox.RdfFormat.N_TRIPLES),
        f"{GRAPH_NAME}.nq": _sorted_lines(quads),
        f"{GRAPH_NAME}.trig": rdf(quads, ox.RdfFormat.TRIG),
        f"{GRAPH_NAME}.jsonld": rdf(lambda: union, ox.RdfFormat.JSON_LD),
    }
    return write_all(out_dir, writers)


Writer = Callable[[BinaryIO], object]


def _check_out_dir(out_dir: Path) -> None:
    """Refuse an output that is not a directory, or one that cannot be made, before any work."""
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                raise BadInputError(f"{path} exists and is not a directory: cannot write {out_dir}")
            if not os.access(path, os.W_OK | os.X_OK):
                raise BadInputError(f"{path} is not writable: cannot write {out_dir}")
            return


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples in the order of their N-Triples lines, without duplicates."""
    return sorted(set(triples), key=str)


def _sorted_lines(items: Callable[[], Iterable[ox.Quad]]) -> Writer:
    """N-Quads in the order of their lines (a quad's graph comes last, so sort the text)."""

    def write(out: BinaryIO) -> None:
        data = ox.serialize(items(), format=ox.RdfFormat.N_QUADS) or b""
        out.write(b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip())))

    return write


def canonical(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with blank nodes named by a hash of what they say, so output is stable.

    Two blank nodes get the same name only when they say the same things about the same
    neighbours, in which case they are interchangeable and the bytes are the same either way.
    """
    triples = list(triples)
    out: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    into: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            out[t.subject].append(t)
        if isinstance(t.object, ox.BlankNode):
            into[t.object].append(t)

    def describe(node: object, branch: frozenset[object]) -> str:
        if not isinstance(node, ox.BlankNode):
            return str(node)
        if node in branch:
            return "_:cycle"
        branch = branch | {node}
        lines = sorted(f"{t.predicate} {describe(t.object, branch)}" for t in out[node])
        lines.append("<-")
        lines += sorted(
            f"{t.subject if isinstance(t.subject, ox.NamedNode) else '_:'} {t.predicate}"
            for t in into[node]
        )
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:20]

    names = {
        node: ox.BlankNode(f"b{describe(node, frozenset())}") for node in {*out, *into}
    }
    return [
        ox.Triple(names.get(t.subject, t.subject), t.predicate, names.get(t.object, t.object))  # type: ignore[arg-type]
        for t in triples
    ]


def write_all(out_dir: Path, writers: dict[str, Writer]) -> list[Path]:
    """Write every output to a temporary file in ``out_dir``, then rename them all into place."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInputError(f"cannot make {out_dir}: {error.strerror or error}") from None
    done: dict[Path, str] = {}
    try:
        for name, write in writers.items():
            handle, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            done[out_dir / name] = tmp
            _share(handle)
            with os.fdopen(handle, "wb") as stream:
                write(stream)
        for path, tmp in done.items():
            os.replace(tmp, path)
    except BaseException:
        for tmp in done.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    return list(done)


def _share(handle: int) -> None:
    """mkstemp's 0600 would hide ``dist/`` from other users: the umask's mode instead."""
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(handle, 0o666 & ~umask)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and a rename."""
    write_all(path.parent, {path.name: lambda out: out.write(data)})


def document_ontology(out_dir: Path = DIST_DIR) -> Path:
    """Write the ontology's HTML documentation (pyLODE) to ``out_dir/ontology.html``.

    Kept out of :func:`build`: pyLODE orders the members of ``owl:unionOf`` by object
    identity, so its bytes vary from run to run while the graph outputs do not.
    """
    from pylode import OntPub  # heavy import, only when documenting

    parse_file(ONTOLOGY_FILE)  # the strict parser is the gate here too
    _check_out_dir(out_dir)
    path = out_dir / "ontology.html"
    write_atomic(path, OntPub(ontology=str(ONTOLOGY_FILE)).make_html().encode("utf-8"))
    return path
