"""A reviewed draft accepted into a graph directory as a new source (:func:`accept`).

The new source is two files: its text, ``<into>/sources/<id>.txt``, and one Turtle file,
``<into>/<id>.ttl``, with ``@base`` the source, holding its description (title in Chinese and
English, publisher, date, language), the draft's entities and facts, and the links of known
entities to the graph's IRIs. The id is the project's ``NNN_<sha256[:16]>`` (the next number
of ``<into>/sources``). Every node keeps ``prov:wasGeneratedBy`` its extraction (the draft was
machine-made) and its ``adms:status`` becomes ``review:reviewed`` (a curator accepted it).
Before it is written, each entity the draft mints that the graph holds already (by the
identity list, a region's GB/T 2260 code, or its normalised name: :mod:`.identity`) becomes the
graph's entity, and the codes and hierarchy of the regions it adds are written, resting on the
code list, to ``<into>/<id>-gb-t-2260.ttl``. ``into`` may be another directory than the graph
(test sources are kept in ``tests/fixtures/sources/``): the new source is then checked, numbered
and matched with both. The graph with the new files must pass the build's checks before any
file is written; an existing source (same text, or the same file names) is never overwritten.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ..errors import BadInputError, NonConformantError
from ..graph.iris import AK, PREFIXES
from ..graph.load import load_files, turtle_files
from ..outputs import write_files
from . import identity
from .source import Report

_SRC = PREFIXES["src"]
_REVIEW = PREFIXES["review"]
_ADMS_STATUS = URIRef(PREFIXES["adms"] + "status")


@dataclass(frozen=True)
class Description:
    """What a curator says of the new source: its titles, publisher, date and the regions it
    is about (``dct:spatial``, IRIs)."""

    title: str
    title_en: str
    publisher: str
    issued: str | None = None  # YYYY-MM-DD
    test: bool = False  # a test source of our own writing (ak:TestSource), not real data
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Accepted:
    """What an accept wrote, and the draft's entities it found the graph holds."""

    paths: list[Path]
    merges: list[identity.Merge]


def accept(
    draft: bytes, report: Report, into: Path, about: Description, graph_dir: Path | None = None
) -> Accepted:
    """Write ``report`` and ``draft`` as a new source of ``into``, matched and checked with
    ``graph_dir`` (default: ``into``) as well."""
    graph = _parse(draft)
    old = _draft_source(graph, report)
    dirs = list({d.resolve(): d for d in (graph_dir or into, into)}.values())
    for held in sorted(p for d in dirs for p in (d / "sources").glob("*.txt")):
        if hashlib.sha256(held.read_bytes()).hexdigest() == report.digest:
            raise BadInputError(f"{held} holds this text already; nothing written")
    new = _next_id(report, dirs)
    known = load_files(p for d in dirs for p in turtle_files(d))
    merged = identity.merges(
        graph, known, (r for d in dirs for r in identity.read_list(d / identity.IDENTITY_FILE))
    )
    identity.apply(graph, known, merged)
    codes = identity.region_codes(graph, known)
    for region in about.about:
        if not any((URIRef(region), RDF.type, URIRef(AK.Region)) in g for g in (graph, known)):
            raise BadInputError(f"{region} is not a region of the draft or the graph (--about)")
    accepted = _accepted(graph, old, new, about)
    files = {
        f"sources/{new}.txt": report.text.encode("utf-8"),
        f"{new}.ttl": _turtle(accepted, _SRC + new),
    }
    if len(codes):
        files[f"{new}-gb-t-2260.ttl"] = _turtle(codes, identity.CODE_LIST)
    for name in files:
        if (into / name).exists():
            raise BadInputError(f"{into / name} exists; an existing source is never overwritten")
    _refuse_unless_it_builds(into, dirs, files)
    write_files(into, {name: partial(_write, body) for name, body in files.items()})
    return Accepted([into / name for name in files], merged)


def _write(body: bytes, out: BinaryIO) -> None:
    out.write(body)


def _next_id(report: Report, dirs: list[Path]) -> str:
    """``NNN_<sha256[:16]>``, NNN the next number over the sources of every directory."""
    stems = [p.stem.split("_", 1)[0] for d in dirs for p in (d / "sources").glob("*.txt")]
    numbers = [int(stem) for stem in stems if stem.isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}_{report.digest[:16]}"


def _turtle(graph: Graph, base: str) -> bytes:
    """The graph as Turtle that opens with ``@base``, spans written ``<#char=…>`` as in graph/."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    body = graph.serialize(format="turtle", base=base)
    return body.replace(f"<{base}#char=", "<#char=").encode()


def _parse(draft: bytes) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=draft, format="turtle")
    except Exception as error:  # rdflib raises several kinds for bad Turtle
        raise BadInputError(f"the draft is not Turtle: {error}") from None
    return graph


def _draft_source(graph: Graph, report: Report) -> str:
    """The id of the draft's source document, which must be the text given."""
    documents = graph.subjects(RDF.type, URIRef(AK.SourceDocument))
    ids = [str(graph.value(s, DCTERMS.identifier)) for s in documents]
    if len(ids) != 1:
        raise BadInputError(f"the draft describes {len(ids)} source documents, not one")
    digest = ids[0].split("_", 1)[-1]
    if not report.digest.startswith(digest):
        raise BadInputError(
            f"the draft is of source {ids[0]}, not of {report.name} (sha256 {report.digest[:16]})"
        )
    return ids[0]


def _accepted(graph: Graph, old: str, new: str, about: Description) -> Graph:
    """The draft renamed to source ``new``, reviewed, with the curator's description."""
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)

    slugs = (old.replace("_", "-"), new.replace("_", "-"))  # as fact slugs write the id

    def renamed(term: object) -> object:
        if isinstance(term, URIRef) and (old in term or slugs[0] in term):
            return URIRef(term.replace(old, new).replace(*slugs))
        if term == URIRef(_REVIEW + "unreviewed"):
            return URIRef(_REVIEW + "reviewed")
        return term

    for s, p, o in graph:
        out.add((renamed(s), p, renamed(o)))  # type: ignore[arg-type]
    source = URIRef(_SRC + new)
    out.remove((source, DCTERMS.title, None))
    out.add((source, DCTERMS.title, Literal(about.title, lang="zh")))
    out.add((source, DCTERMS.title, Literal(about.title_en, lang="en")))
    out.add((source, DCTERMS.publisher, Literal(about.publisher, lang="zh")))
    if about.issued:
        out.add((source, DCTERMS.issued, Literal(_date(about.issued), datatype=XSD.date)))
    now = datetime.now(UTC).replace(microsecond=0)
    out.add((source, DCTERMS.dateAccepted, Literal(now.isoformat(), datatype=XSD.dateTime)))
    out.set((source, _ADMS_STATUS, URIRef(_REVIEW + "reviewed")))
    if about.test:
        out.add((source, RDF.type, URIRef(AK.TestSource)))
    for region in about.about:
        out.add((source, DCTERMS.spatial, URIRef(region)))
    return out


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInputError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None


def _refuse_unless_it_builds(into: Path, dirs: list[Path], files: dict[str, bytes]) -> None:
    """Check ``dirs`` with the new files in a copy of ``into``, as ``anyi-kg build`` checks them."""
    from ..graph.build import validate

    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "graph"
        shutil.copytree(into, trial)
        (trial / "sources").mkdir(exist_ok=True)
        for name, body in files.items():
            (trial / name).write_bytes(body)
        try:
            validate([trial if d.resolve() == into.resolve() else d for d in dirs])
        except NonConformantError as error:
            raise NonConformantError(
                f"the accepted draft would not build with {into}; nothing written\n{error}"
            ) from None
