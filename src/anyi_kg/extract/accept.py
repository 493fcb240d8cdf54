"""A reviewed draft accepted into a graph directory as a new source (:func:`accept`).

The new source is two files: its text, ``<into>/sources/<id>.txt``, and one Turtle file,
``<into>/<id>.ttl``, with ``@base`` the source, holding its description (title in Chinese and
English, publisher, date, language), the draft's entities and facts, and the links of known
entities to the graph's IRIs. The id is the project's ``NNN_<sha256[:16]>`` (the next number
of ``<into>/sources``). Every node keeps ``prov:wasGeneratedBy`` its extraction (the draft was
machine-made) and its ``adms:status`` becomes ``review:reviewed`` (a curator accepted it).
The graph with the new files must pass the build's checks before either file is written; an
existing source (same text, or the same file names) is never overwritten.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ..errors import BadInputError, NonConformantError
from ..graph.iris import AK, PREFIXES
from ..outputs import write_files
from .run import source_id
from .source import Report

_SRC = PREFIXES["src"]
_REVIEW = PREFIXES["review"]
_ADMS_STATUS = URIRef(PREFIXES["adms"] + "status")


@dataclass(frozen=True)
class Description:
    """What a curator says of the new source: its titles, publisher and date."""

    title: str
    title_en: str
    publisher: str
    issued: str | None = None  # YYYY-MM-DD


def accept(draft: bytes, report: Report, into: Path, about: Description) -> tuple[Path, Path]:
    """Write ``report`` and ``draft`` as a new source of ``into``; the two paths written."""
    graph = _parse(draft)
    old = _draft_source(graph, report)
    for held in sorted((into / "sources").glob("*.txt")):
        if hashlib.sha256(held.read_bytes()).hexdigest() == report.digest:
            raise BadInputError(f"{held} holds this text already; nothing written")
    new, _ = source_id(report, into)
    text_path, turtle_path = into / "sources" / f"{new}.txt", into / f"{new}.ttl"
    for path in (text_path, turtle_path):
        if path.exists():
            raise BadInputError(f"{path} exists; an existing source is never overwritten")
    accepted = _accepted(graph, old, new, about)
    base = _SRC + new
    body = accepted.serialize(format="turtle", base=base)  # opens with @base
    turtle = body.replace(f"<{base}#char=", "<#char=").encode()  # spans as graph/ writes them
    text = report.text.encode("utf-8")
    _refuse_unless_it_builds(into, new, text, turtle)
    write_files(into, {
        f"sources/{new}.txt": lambda f: f.write(text),
        f"{new}.ttl": lambda f: f.write(turtle),
    })  # fmt: skip
    return text_path, turtle_path


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

    def renamed(term: object) -> object:
        if isinstance(term, URIRef) and old in term:
            return URIRef(term.replace(old, new))
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
    return out


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInputError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None


def _refuse_unless_it_builds(into: Path, new: str, text: bytes, turtle: bytes) -> None:
    """Check ``into`` with the new source in a copy, as ``anyi-kg build`` checks it."""
    from ..graph.build import validate

    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "graph"
        shutil.copytree(into, trial)
        (trial / "sources").mkdir(exist_ok=True)
        (trial / "sources" / f"{new}.txt").write_bytes(text)
        (trial / f"{new}.ttl").write_bytes(turtle)
        try:
            validate(trial)
        except NonConformantError as error:
            raise NonConformantError(
                f"the accepted draft would not build with {into}; nothing written\n{error}"
            ) from None
