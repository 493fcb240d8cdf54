"""The dictionary the extractor matches: every label of the graph's entities and of the
vocabularies' concepts, in a ``pyahocorasick`` automaton, and the same words for ``jieba``.

The SKOS labels of ``ontology/vocab/*.ttl`` (indicators, industries, levels, statuses,
qualifiers, honour and platform types) are the first dictionary; the ``rdfs:label`` and
``skos:altLabel`` of the entities of ``graph/`` the second, so a name the graph knows is linked
to its IRI. ``with_graph=False`` leaves the graph's entities out, as for a report of a county
the graph has never seen.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ahocorasick
import pyoxigraph as ox

from ..graph.iris import AK, PREFIXES
from ..graph.load import parse_turtle, turtle_files
from ..paths import GRAPH_DIR, VOCAB_DIR

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_PREF, _ALT = PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel"
_IN_SCHEME = PREFIXES["skos"] + "inScheme"
_SUBJECT = PREFIXES["dct"] + "subject"
_PUNCTUATION = re.compile(r"[“”\"'‘’()（）《》、·\s]")
ENTITY_CLASSES = frozenset(
    getattr(AK, name)
    for name in [
        "Region",
        "PublicBody",
        "Site",
        "IndustrialPark",
        "IndustrialBase",
        "Company",
        "InvestmentProject",
        "Programme",
        "ActionPlan",
        "Strategy",
        "Reform",
        "Campaign",
        "Mechanism",
        "ProjectList",
        "FinancialProduct",
        "Honour",
        "Platform",
        "IndustrialCluster",
        "Brand",
    ]
)


def plain(label: str) -> str:
    """A label without quotes, brackets and white space, for comparing words."""
    return _PUNCTUATION.sub("", label)


@dataclass
class Term:
    """An entity of the graph or a concept of the vocabularies, with its Chinese names."""

    iri: str
    classes: set[str] = field(default_factory=set)
    zh: str | None = None  # rdfs:label or skos:prefLabel
    en: str | None = None
    names: set[str] = field(default_factory=set)  # every zh label and altLabel
    scheme: str | None = None
    level: str | None = None

    @property
    def is_entity(self) -> bool:
        return bool(self.classes & ENTITY_CLASSES)

    @property
    def cls(self) -> str:
        """The most specific entity class (the graph types each entity once)."""
        return sorted(self.classes & ENTITY_CLASSES)[0]


@dataclass(frozen=True)
class Hit:
    """A dictionary word at ``flat[start:end]`` and the terms it names."""

    start: int
    end: int
    word: str
    terms: tuple[Term, ...]


class Lexicon:
    """Terms by IRI, an automaton over their names, and the sources the graph already holds."""

    def __init__(
        self,
        terms: dict[str, Term],
        sources: dict[str, str],
        reserved: frozenset[str] = frozenset(),
    ) -> None:
        self.terms = terms
        self.sources = sources  # SHA-256 of a source text → its id
        self.reserved = reserved  # the IRIs of graph/'s entities, never minted for a new one
        by_name: dict[str, list[Term]] = defaultdict(list)
        for term in terms.values():
            for name in term.names:
                by_name[name].append(term)
        self.by_name = dict(by_name)
        self.automaton = ahocorasick.Automaton()
        for name, named in by_name.items():
            self.automaton.add_word(name, (name, tuple(named)))
        if by_name:
            self.automaton.make_automaton()

    def hits(self, flat: str) -> list[Hit]:
        """Every occurrence of a name, overlapping ones included."""
        if not self.by_name:
            return []
        return [
            Hit(end - len(name) + 1, end + 1, name, named)
            for end, (name, named) in self.automaton.iter(flat)
        ]

    def in_scheme(self, scheme: str) -> list[Term]:
        return [t for t in self.terms.values() if t.scheme == PREFIXES[scheme].rstrip("/")]

    @property
    def indicators(self) -> list[Term]:
        return [t for t in self.terms.values() if AK.Indicator in t.classes]

    def source_id(self, digest: str) -> str | None:
        return self.sources.get(digest)


def _read(paths: list[Path], terms: dict[str, Term]) -> None:
    for path in paths:
        for t in parse_turtle(path):
            if not isinstance(t.subject, ox.NamedNode):
                continue
            iri, predicate, obj = t.subject.value, t.predicate.value, t.object
            if predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode):
                terms.setdefault(iri, Term(iri)).classes.add(obj.value)
            elif predicate == AK.level and isinstance(obj, ox.NamedNode):
                terms.setdefault(iri, Term(iri)).level = obj.value
            elif predicate == _IN_SCHEME and isinstance(obj, ox.NamedNode):
                terms.setdefault(iri, Term(iri)).scheme = obj.value
            elif predicate in (_LABEL, _PREF, _ALT) and isinstance(obj, ox.Literal):
                term = terms.setdefault(iri, Term(iri))
                if obj.language == "zh":
                    term.names.add(obj.value)
                    if predicate != _ALT:
                        term.zh = obj.value
                elif obj.language == "en" and predicate != _ALT:
                    term.en = obj.value


@cache
def load_lexicon(with_graph: bool = True, graph_dir: Path = GRAPH_DIR) -> Lexicon:
    """The dictionary of the vocabularies, and of ``graph_dir``'s entities unless told not to."""
    terms: dict[str, Term] = {}
    _read(turtle_files(VOCAB_DIR), terms)
    graph: dict[str, Term] = {}
    if graph_dir.is_dir():
        _read(turtle_files(graph_dir), graph)
    entities = {iri: t for iri, t in graph.items() if t.is_entity}
    if with_graph:
        terms.update(entities)
    sources = {
        hashlib.sha256(path.read_bytes()).hexdigest(): path.stem
        for path in sorted((graph_dir / "sources").glob("*.txt"))
    }
    named = {iri: t for iri, t in terms.items() if t.names}
    return Lexicon(named, sources, frozenset(entities))
