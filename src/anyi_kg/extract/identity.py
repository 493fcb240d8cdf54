"""Identity across sources: which entities of a draft are entities the graph holds already.

One IRI per thing, never ``owl:sameAs``: the SPARQL engines the graph runs on (Oxigraph,
Virtuoso, QLever) do not reason over ``owl:sameAs``, so two IRIs for one company would split
every count, every join between two sources and every entity page; the graph's IRI is reused
and the draft's other spelling kept as its ``skos:altLabel``.

An entity the draft mints (it has a ``rdfs:label`` there) is merged into a graph entity

- by the identity list (``identity.csv`` of the graph directories): a ``same`` row;
- for a region, by its GB/T 2260 code (cpca's table): the graph's region with that
  ``ak:divisionCode``;
- by its normalised name (NFKC, without white space and punctuation) equal to the Chinese
  ``rdfs:label`` or ``skos:altLabel`` of a graph entity of the same class;

unless a ``distinct`` row of the list keeps the two apart. A merged entity keeps what the draft
says of it elsewhere (its facts point to the graph's IRI); where the draft named it first
becomes an identifying annotation of the graph's entity, as for an entity the extractor knew.
The codes and hierarchy (county → city → province) of the regions the draft adds rest on the
code list, the reference source ``src:gb-t-2260`` (:func:`region_codes`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import BadInputError
from ..graph.iris import AK, BASE, PREFIXES
from ..graph.terms import expand
from .regions import regions

IDENTITY_FILE = "identity.csv"
CODE_LIST = PREFIXES["src"] + "gb-t-2260"
_OA = PREFIXES["oa"]
_REGION, _CODE, _PART_OF = URIRef(AK.Region), URIRef(AK.divisionCode), URIRef(AK.partOf)
_FIRST = URIRef(AK.firstMention)
_KEPT_ON_ANNOTATION = (URIRef(PREFIXES["prov"] + "wasGeneratedBy"),
                       URIRef(PREFIXES["adms"] + "status"),
                       URIRef(PREFIXES["itsrdf"] + "taConfidence"))  # fmt: skip
_SPAN = re.compile(r"/source/([^/#]+)#char=(\d+),(\d+)$")
_COLUMNS = ["decision", "entity", "graph_entity", "reason"]


@dataclass(frozen=True)
class Decision:
    """One row of the identity list: ``entity`` (as the draft names it) is or is not
    ``graph_entity``, and why."""

    same: bool
    entity: str
    graph_entity: str
    reason: str


@dataclass(frozen=True)
class Merge:
    """An entity of the draft merged into the graph's: by which rule."""

    entity: str
    graph_entity: str
    by: str  # "identity list", "division code" or "name"

    def __str__(self) -> str:
        return f"{self.entity} -> {self.graph_entity} (by {self.by})"


def read_list(path: Path) -> list[Decision]:
    """The identity list of one file (lines starting with ``#`` are comments)."""
    if not path.is_file():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]  # fmt: skip
    rows = list(csv.DictReader(lines))
    if lines and next(csv.reader(lines[:1])) != _COLUMNS:
        raise BadInputError(f"{path}: the header must be {','.join(_COLUMNS)}")
    decisions = []
    for number, row in enumerate(rows, start=2):
        if (
            row["decision"] not in ("same", "distinct")
            or not row["entity"]
            or not row["graph_entity"]
        ):
            raise BadInputError(
                f"{path}: row {number}: needs decision same or distinct, entity and graph_entity"
            )
        entity, other = (_iri(row[k], path, number) for k in ("entity", "graph_entity"))
        decisions.append(Decision(row["decision"] == "same", entity, other, row["reason"] or ""))
    return decisions


def _iri(text: str, path: Path, number: int) -> str:
    try:
        return expand(text.strip())
    except BadInputError:
        raise BadInputError(f"{path}: row {number}: {text!r} is not an IRI or a CURIE") from None


def normalised(name: str) -> str:
    """A name as compared across sources: NFKC, without white space and punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name)
                   if not (ch.isspace() or unicodedata.category(ch).startswith("P")))  # fmt: skip


def division_code(label: str) -> str | None:
    """The six-digit GB/T 2260 code of a region written in full (安义县), from cpca's table."""
    found = [info for start, end, info in regions(label) if start == 0 and end == len(label)]
    return found[0].adcode[:6] if found else None


def merges(draft: Graph, graph: Graph, decisions: Iterable[Decision]) -> list[Merge]:
    """The draft's entities that are the graph's, each once, by the rules of the module."""
    decisions = list(decisions)
    same = {d.entity: d.graph_entity for d in decisions if d.same}
    apart = {(d.entity, d.graph_entity) for d in decisions if not d.same}
    codes = {str(o): str(s) for s, o in graph.subject_objects(_CODE)}
    names: dict[tuple[str, str], set[str]] = {}
    for p in (RDFS.label, SKOS.altLabel):
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal) and o.language == "zh":
                for c in graph.objects(s, RDF.type):
                    names.setdefault((str(c), normalised(str(o))), set()).add(str(s))
    found = []
    for entity in sorted({str(s) for s in draft.subjects(RDFS.label)}):
        if (URIRef(entity), None, None) in graph:
            continue
        label = _zh_label(draft, entity)
        classes = [str(c) for c in draft.objects(URIRef(entity), RDF.type)]
        code = division_code(label) if label and AK.Region in classes else None
        by_name = {g for c in classes for g in names.get((c, normalised(label or "")), ())}
        candidates = [(same.get(entity), "identity list"), (codes.get(code or ""), "division code"),
                      (min(by_name) if len(by_name) == 1 else None, "name")]  # fmt: skip
        for target, rule in candidates:
            if target is not None and (entity, target) not in apart:
                found.append(Merge(entity, target, rule))
                break
    return found


def _zh_label(graph: Graph, entity: str) -> str | None:
    labels = [str(o) for o in graph.objects(URIRef(entity), RDFS.label)
              if isinstance(o, Literal) and o.language == "zh"]  # fmt: skip
    return labels[0] if labels else None


def apply(draft: Graph, graph: Graph, found: Iterable[Merge]) -> None:
    """Merge each entity into the graph's in ``draft`` (see the module)."""
    for merge in found:
        old, new = URIRef(merge.entity), URIRef(merge.graph_entity)
        known = {normalised(str(o)) for p in (RDFS.label, SKOS.altLabel)
                 for o in graph.objects(new, p)}  # fmt: skip
        said = list(draft.predicate_objects(old))
        for p, o in said:
            if p == RDFS.label and isinstance(o, Literal) and o.language == "zh":
                if normalised(str(o)) not in known:
                    draft.add((new, SKOS.altLabel, o))
            elif p == _FIRST:
                _identify(draft, new, o, [(q, v) for q, v in said if q in _KEPT_ON_ANNOTATION])
        draft.remove((old, None, None))
        for s, p in list(draft.subject_predicates(old)):
            draft.remove((s, p, old))
            draft.add((s, p, new))


def _identify(
    draft: Graph, entity: URIRef, span: object, kept: list[tuple[object, object]]
) -> None:
    """An annotation that the span names ``entity``, as the extractor writes for a known one."""
    match = _SPAN.search(str(span))
    if match is None:
        return
    source, start, end = match.groups()
    note = URIRef(f"{BASE}annotation/{source}/{start}-{end}")
    draft.add((note, RDF.type, URIRef(_OA + "Annotation")))
    draft.add((note, URIRef(_OA + "motivatedBy"), URIRef(_OA + "identifying")))
    draft.add((note, URIRef(_OA + "hasBody"), entity))
    draft.add((note, URIRef(_OA + "hasTarget"), span))  # type: ignore[arg-type]
    for p, o in kept:
        draft.add((note, p, o))  # type: ignore[arg-type]


def region_codes(draft: Graph, graph: Graph) -> Graph:
    """The codes of the regions the draft adds, and each one's part in a region of the graph or
    the draft whose code is its parent's (county → city → province), from the code list."""
    regions_of = {
        str(s) for s in (*draft.subjects(RDF.type, _REGION), *graph.subjects(RDF.type, _REGION))
    }
    codes = {str(s): str(o) for s, o in graph.subject_objects(_CODE)}
    for region in sorted(regions_of - set(codes)):
        label = _zh_label(draft, region)
        code = (
            division_code(label) if label and (URIRef(region), RDFS.label, None) in draft else None
        )
        if code is not None:
            codes[region] = code
    by_code = {code: region for region, code in codes.items()}
    out = Graph()
    for region, code in sorted(codes.items()):
        if (URIRef(region), _CODE, None) in graph:
            continue
        out.add((URIRef(region), _CODE, Literal(code)))
        for parent in (code[:4] + "00", code[:2] + "0000"):
            if parent != code and parent in by_code:
                out.add((URIRef(region), _PART_OF, URIRef(by_code[parent])))
                break
    return out
