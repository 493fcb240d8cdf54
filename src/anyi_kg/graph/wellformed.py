"""What makes parsed facts unreadable as meant, each use reported at its file, line and column.

Three checks run before the shapes, on every triple of ``graph/``:

- an ill-typed literal (``"abc"^^xsd:integer``, ``"maybe"^^xsd:boolean``): its lexical form is
  not one of its datatype's, as rdflib (and so pySHACL) reads XSD. Wherever it stands, even where
  no shape looks, it states nothing; reported here, it is not reported again by the shapes.
- a term of a closed namespace that the ontology does not define: the ontology's own
  (``ak:fooBar``, ``ak:NoSuchClass``) and the SKOS schemes' (``industry:…``, ``level:…`` and the
  other ``vocab/`` namespaces). These IRIs are minted in ``ontology/`` only, so an undefined one
  is a typo: a shape would catch it only where it checks that very property, and then without
  saying where it is written.
- a property that only the build derives (``ak:activeIn``, ``ak:disagreesWith``, :mod:`.derive`):
  stated in a file, it would pass for what a source says.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox

from .derive import PROPERTIES as DERIVED
from .iris import BASE, PREFIXES
from .load import TurtleFile
from .positions import Role, locate
from .terms import shorten

CLOSED = (PREFIXES["ak"], BASE + "vocab/")
"""The namespaces whose terms only the ontology and its schemes define."""
_XSD_STRING = PREFIXES["xsd"] + "string"
_LANG_STRING = PREFIXES["rdf"] + "langString"


@dataclass(frozen=True, order=True)
class Located:
    """One problem at its place in a file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = self.path if self.line == 0 else f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.message}"


def defined_terms(ontology: Iterable[ox.Triple]) -> set[str]:
    """The IRIs of closed namespaces that the ontology and its schemes describe."""
    return {
        t.subject.value for t in ontology
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(CLOSED)
    }  # fmt: skip


def check(files: Iterable[TurtleFile], defined: set[str]) -> list[Located]:
    """Every ill-typed literal, undefined term of a closed namespace and derived property, in
    file order."""
    judged: dict[tuple[str, str], bool] = {}
    problems = set()
    with _quiet_rdflib():
        for file in files:
            found = dict(_problems(file.triples, defined, judged))
            if found:
                positions = locate(file.text(), file.triples, file.prefixes, file.base_iri, found)
                for key, message in found.items():
                    place = positions.get(key)
                    line, column = (place.line, place.column) if place else (0, 0)
                    problems.add(Located(str(file.path), line, column, message))
    return sorted(problems)


def _problems(
    triples: list[ox.Triple], defined: set[str], judged: dict[tuple[str, str], bool]
) -> Iterator[tuple[tuple[int, Role], str]]:
    roles: tuple[Role, ...] = ("subject", "predicate", "object")
    for index, triple in enumerate(triples):
        for role in roles:
            term = getattr(triple, role)
            if isinstance(term, ox.NamedNode) and _undefined(term.value, defined):
                yield (index, role), _undefined_message(term.value)
        if triple.predicate.value in DERIVED:
            yield (
                (index, "predicate"),
                (
                    f"{shorten(triple.predicate.value)} is derived by the build "
                    "(src/anyi_kg/graph/rules/), not stated by a source"
                ),
            )
        literal = triple.object
        if isinstance(literal, ox.Literal) and literal.datatype.value not in (
            _XSD_STRING, _LANG_STRING
        ):  # fmt: skip
            key = (literal.value, literal.datatype.value)
            if key not in judged:
                judged[key] = _ill_typed(*key)
            if judged[key]:
                owner = triple.subject
                subject = "a blank node"
                if isinstance(owner, ox.NamedNode):
                    subject = shorten(owner.value)
                yield (
                    (index, "datatype"),
                    (
                        f"{json.dumps(literal.value, ensure_ascii=False)} is not a valid "
                        f"{shorten(literal.datatype.value)} "
                        f"({shorten(triple.predicate.value)} of {subject})"
                    ),
                )


def _undefined(iri: str, defined: set[str]) -> bool:
    return iri.startswith(CLOSED) and iri not in defined


def _undefined_message(iri: str) -> str:
    if iri.startswith(PREFIXES["ak"]):
        return f"{shorten(iri)} is not a term of the ontology (ontology/anyi.ttl)"
    return f"{shorten(iri)} is not a concept or scheme of the vocabularies (ontology/vocab/)"


def _ill_typed(lexical: str, datatype: str) -> bool:
    """Whether rdflib finds the lexical form outside its datatype's."""
    from rdflib import Literal, URIRef

    return bool(Literal(lexical, datatype=URIRef(datatype)).ill_typed)


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback or warns for each ill-typed literal it reads: silence both."""
    log = logging.getLogger("rdflib.term")
    level, log.level = log.level, logging.CRITICAL + 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.level = level
