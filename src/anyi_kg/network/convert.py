"""The graph as a network: rdflib or Oxigraph → networkx. Its views, and GraphML and GEXF, are
in :mod:`anyi_kg.network.views`.

Entities are nodes; relations between entities are edges. A relation stated by a fact node
(an assertion, an award conferral, an investment) becomes one edge carrying that fact's year and
source quote; a plain ("truthy") triple that no fact states becomes an edge without them.
Literals, concepts such as levels and statuses, ``rdf:type`` links and observations are node
attributes, never nodes. Everything here is pure: graphs in, graphs out. rdflib is imported
only once loaded: whoever passes rdflib graphs or terms has imported it already.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias, cast

import networkx as nx
import pyoxigraph as ox

from ..graph.derive import PROPERTIES as DERIVED_LINKS
from ..graph.iris import AK, PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

# Entity classes, most specific first: a node's ``type`` is the first of these it has.
ENTITY_CLASSES: tuple[str, ...] = (
    AK.IndustrialCluster, AK.Industry, AK.Brand, AK.Company, AK.InvestmentProject,
    AK.ActionPlan, AK.Strategy, AK.Reform, AK.Campaign, AK.Mechanism, AK.ProjectList,
    AK.Programme, AK.FinancialProduct, AK.Platform, AK.Honour,
    AK.IndustrialPark, AK.IndustrialBase, AK.Site, AK.PublicBody, AK.Region,
)  # fmt: skip
# Fact classes that relate two entities: (from-role, relation, to-role).
FACT_EDGES: dict[str, tuple[str, str, str]] = {
    AK.AwardConferral: (AK.recipient, AK.hasHonour, AK.honour),
    AK.Investment: (AK.investor, AK.investsIn, AK.project),
}
Source: TypeAlias = "Graph | ox.Store | Iterable[ox.Triple] | Iterable[tuple[Node, Node, Node]]"
_PREFIX_OF: dict[str, str] = {}
for _prefix, _namespace in PREFIXES.items():
    _PREFIX_OF.setdefault(_namespace, _prefix)


@cache
def curie(iri: str) -> str:
    """``kg:konka-group`` for an IRI under a project prefix (the longest that leaves a local
    name), else the IRI itself. Every project namespace ends in ``/`` or ``#``."""
    end = len(iri) - 1  # the local name is never empty
    while (end := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:
        prefix = _PREFIX_OF.get(iri[: end + 1])
        if prefix is not None:
            return f"{prefix}:{iri[end + 1 :]}"
    return str(iri)


# ---- rdflib or Oxigraph → networkx ----------------------------------------------------------
# Triples of either library are read once into dicts of plain values (IRIs as ``str``, which
# rdflib's URIRef never equals), so the conversion takes time in proportion to the triples.


class _Literal(NamedTuple):
    value: str
    language: str  # "" when none
    datatype: str  # "" when there is a language

    @classmethod
    def of(cls, value: str, language: str | None, datatype: object) -> _Literal:
        return cls(value, language or "", "" if language else str(datatype or _XSD_STRING))


Term = str | _Literal  # an IRI, a blank node as "_:id", or a literal


def _ox_literal(term: ox.Literal) -> _Literal:
    if term.language:
        return _Literal(term.value, term.language, "")
    return _Literal(term.value, "", term.datatype.value)


# Term classes by how they become plain values; rdflib's are added when first met (_plain).
_PLAIN: dict[type, Callable[[Any], Term]] = {
    ox.NamedNode: lambda t: t.value,
    ox.BlankNode: lambda t: "_:" + t.value,
    ox.Literal: _ox_literal,
}
_RDF, _RDFS, _SKOS, _PROV = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "prov"))
_OA, _SDMX_DIM = PREFIXES["oa"], PREFIXES["sdmx-dimension"]
_XSD_STRING = PREFIXES["xsd"] + "string"
_TYPE, _LABEL, _PREF_LABEL = _RDF + "type", _RDFS + "label", _SKOS + "prefLabel"
_ALT_LABEL, _FORMER_NAME = _SKOS + "altLabel", AK.formerName
_ASSERTION, _SUBJECT = AK.Assertion, _RDF + "subject"
_PREDICATE, _OBJECT = _RDF + "predicate", _RDF + "object"
_FIRST_MENTION, _DERIVED = AK.firstMention, _PROV + "wasDerivedFrom"
_SELECTOR, _EXACT = _OA + "hasSelector", _OA + "exact"
_REF_PERIOD, _START, _END = _SDMX_DIM + "refPeriod", AK.periodStart, AK.periodEnd
_REF_SUBJECT, _INDICATOR, _RANK = AK.refSubject, AK.indicator, AK.rank
_SURFACE, _OBS_VALUE = AK.surfaceForm, PREFIXES["sdmx-measure"] + "obsValue"
_NOTHING: Mapping[Any, Any] = {}  # what a lookup that finds nothing reads
_INDEXED = frozenset({_TYPE, _REF_SUBJECT})  # predicates whose subjects are looked up
_NODE_OWN = {_TYPE, _LABEL, _PREF_LABEL, _ALT_LABEL, _FIRST_MENTION}
_FACT_OWN = {
    _TYPE, _SUBJECT, _PREDICATE, _OBJECT, _DERIVED, PREFIXES["qb"] + "dataSet", _REF_PERIOD,
    _START, _END, *(role for roles in FACT_EDGES.values() for role in roles[::2]),
}  # fmt: skip


def to_networkx(source: Source) -> nx.MultiDiGraph:
    """Entities and their relations as a MultiDiGraph keyed by IRI.

    ``source``: an rdflib graph or dataset, an Oxigraph store (named graphs merged), or
    triples of either library, such as a CONSTRUCT answer. Node attributes: ``iri``,
    ``curie``, ``type`` (CURIE of the class), ``label_zh``, ``label_en``, ``alt_labels``,
    ``properties`` (relation CURIE, value zh, value en, quote), ``facts`` (observations about
    the node) and ``first_mention`` (a quote). Edge attributes: ``relation``, ``label_zh``,
    ``label_en``, ``year``, ``quote``, ``fact`` and ``properties``; the edge key is the fact's
    CURIE, or the relation's for a triple no fact states. ``graph.graph["labels"]`` maps every
    class and relation CURIE used to its zh/en labels.
    """
    if isinstance(source, ox.Store):
        source = ((q.subject, q.predicate, q.object) for q in source)
    elif "rdflib" in sys.modules:  # else source cannot be an rdflib graph
        from rdflib import Graph

        if isinstance(source, Graph):  # a Dataset iterates over quads
            source = source.triples((None, None, None))
    return _Converter(source).network()


def _plain(term: object) -> Term:
    """A term of either library as a plain value."""
    convert = _PLAIN.get(type(term))
    if convert is None:
        convert = _PLAIN[type(term)] = _conversion(term)
    return convert(term)


def _conversion(term: object) -> Callable[[Any], Term]:
    """How an rdflib term (or one of a subclass, such as rdflib's namespace terms) becomes a
    plain value. Only when rdflib is loaded: whoever passes its terms has imported it."""
    if "rdflib" in sys.modules:
        from rdflib import BNode, Literal, URIRef

        if isinstance(term, URIRef):
            return str
        if isinstance(term, BNode):
            return lambda t: "_:" + t
        if isinstance(term, Literal):
            return lambda t: _Literal.of(str(t), t.language, t.datatype)
    raise TypeError(f"unsupported term {term!r}")


def _text(term: Term | None) -> str:
    """The lexical form of a literal, the IRI of a named node, "" for nothing."""
    return "" if term is None else term.value if isinstance(term, _Literal) else term


def _first(objects: dict[Term, None] | None) -> Term | None:
    """The first object read of a subject and predicate, or None."""
    return next(iter(objects)) if objects else None


def _local_name(node: Term) -> str:
    return curie(_text(node)).rpartition(":")[2].rpartition("/")[2].rpartition("#")[2]


class _Converter:
    """One conversion: the triples by subject and predicate (each once, objects in the order
    read) and by rdf:type or ak:refSubject and object; the labels and quotes looked up."""

    def __init__(self, triples: Iterable[Any]) -> None:
        self.out: dict[Term, dict[str, dict[Term, None]]] = {}
        self.into: dict[tuple[str, Term], dict[Term, None]] = {}
        out, into, named = self.out, self.into, ox.NamedNode
        for s_, p_, o_ in triples:  # the hot loop: Oxigraph's named nodes read inline
            s = s_.value if type(s_) is named else _plain(s_)
            p = p_.value if type(p_) is named else cast(str, _plain(p_))
            o = o_.value if type(o_) is named else _plain(o_)
            by_predicate = out.get(s)
            if by_predicate is None:
                out[s] = {p: {o: None}}
            elif p in by_predicate:
                by_predicate[p][o] = None
            else:
                by_predicate[p] = {o: None}
            if p in _INDEXED:
                subjects = into.get((p, o))
                if subjects is None:
                    into[p, o] = {s: None}
                else:
                    subjects[s] = None
        self.net = nx.MultiDiGraph(labels={})
        self.labels: dict[Term, tuple[str, str]] = {}
        self.quotes: dict[Term, str] = {}
        self.exacts: dict[Term, list[str]] = {}

    def objects(self, s: Term, p: str) -> Iterable[Term]:
        return self.out.get(s, _NOTHING).get(p, _NOTHING).keys()

    def value(self, s: Term, p: str) -> Term | None:
        """One object of ``s`` and ``p`` (the first read), or None."""
        return _first(self.out.get(s, _NOTHING).get(p))

    def subjects(self, p: str, o: Term) -> list[Term]:
        return sorted(self.into.get((p, o), ()), key=str)

    def network(self) -> nx.MultiDiGraph:
        kinds: dict[str, str] = {}
        for cls in ENTITY_CLASSES:  # most specific first
            for s in self.into.get((_TYPE, cls), ()):
                if isinstance(s, str) and not s.startswith("_:"):
                    kinds.setdefault(s, cls)
        facts = self.facts()
        stated = {(s, p, o): fact for s, p, o, fact in reversed(facts)}
        for node, cls in sorted(kinds.items()):
            zh, en = self.label(node)
            said = self.out[node]
            names = [o for p in (_ALT_LABEL, _FORMER_NAME) for o in said.get(p, ())]
            self.net.add_node(
                node,
                iri=node,
                curie=curie(node),
                type=self.term(cls),
                label_zh=zh,
                label_en=en,
                alt_labels=sorted(set(map(_text, names))),
                properties=self.properties(node, kinds, stated),
                facts=self.observations(node),
                first_mention=self.quote(_first(said.get(_FIRST_MENTION))),
            )
        for subject, relation, target, fact in facts:
            if subject in kinds and target in kinds:
                self.edge(str(subject), relation, str(target), fact)
        for s in self.net:  # triples between entities that no fact states, in a stable order
            said = self.out[s]
            for p in sorted(said):
                if p != _TYPE and p not in DERIVED_LINKS:  # they restate what is drawn
                    for o in sorted(kinds.keys() & said[p].keys()):
                        if (s, p, o) not in stated:
                            self.edge(s, p, o, None)
        return self.net

    def facts(self) -> list[tuple[Term | None, str, Term | None, Term]]:
        """(subject, relation, object, fact) for every fact node that relates two terms.

        One edge per fact: an honour received in two years is two conferrals, so two edges.
        """
        found = []
        for fact in self.subjects(_TYPE, _ASSERTION):
            roles = self.out[fact]
            p = _first(roles.get(_PREDICATE))
            if isinstance(p, str):
                found.append((_first(roles.get(_SUBJECT)), p, _first(roles.get(_OBJECT)), fact))
        for cls, (frm, relation, to) in FACT_EDGES.items():
            for fact in self.subjects(_TYPE, cls):
                roles = self.out[fact]
                found.append((_first(roles.get(frm)), relation, _first(roles.get(to)), fact))
        return found

    def edge(self, s: str, p: str, o: str, fact: Term | None) -> None:
        zh, en = self.label(p)
        relation = self.term(p)
        key, year, quote, properties = "", "", "", []
        if fact is not None:
            key, year, quote = curie(_text(fact)), self.year(fact), self.quote(fact)
            properties = self.fact_properties(fact)
        self.net.add_edge(
            s,
            o,
            key=key or relation,
            relation=relation,
            label_zh=zh,
            label_en=en,
            year=year,
            quote=quote,
            fact=key,
            properties=properties,
        )

    def term(self, iri: str) -> str:
        """The CURIE of a class or relation, recording its labels in ``net.graph["labels"]``."""
        key = curie(iri)
        if key not in self.net.graph["labels"]:
            zh, en = self.label(iri)
            self.net.graph["labels"][key] = {"zh": zh, "en": en}
        return key

    def label(self, node: Term) -> tuple[str, str]:
        """The zh and en labels; either falls back to the other, then to the local name."""
        labels = self.labels.get(node)
        if labels is None:
            found: dict[str, str] = {}
            said = self.out.get(node, _NOTHING)
            for p in (_LABEL, _PREF_LABEL):
                for label in said.get(p, ()):
                    if isinstance(label, _Literal) and label.language in ("zh", "en"):
                        found.setdefault(label.language, label.value)
            zh = found.get("zh") or found.get("en") or _local_name(node)
            labels = self.labels[node] = (zh, found.get("en") or zh)
        return labels

    def quote(self, node: Term | None) -> str:
        """The exact text of the span(s) a fact or mention rests on, joined by " / "."""
        if node is None:
            return ""
        quote = self.quotes.get(node)
        if quote is None:
            spans = self.out.get(node, _NOTHING).get(_DERIVED)
            quotes = [
                q
                for span in (sorted(spans, key=str) if spans else [node])
                for q in self.exact(span)
            ]
            quote = self.quotes[node] = " / ".join(dict.fromkeys(quotes))
        return quote

    def exact(self, span: Term) -> list[str]:
        """The exact text of each selector of a span (many facts rest on one span)."""
        found = self.exacts.get(span)
        if found is None:
            found = self.exacts[span] = [
                _text(exact)
                for selector in sorted(self.objects(span, _SELECTOR), key=str)
                for exact in self.objects(selector, _EXACT)
            ]
        return found

    def year(self, fact: Term) -> str:
        """``2020``, or ``2019–2021`` for a period, or "" when the fact states no time."""
        roles = self.out.get(fact, _NOTHING)
        period = _first(roles.get(_REF_PERIOD))
        if period is not None:
            return _text(period)
        start, end = _first(roles.get(_START)), _first(roles.get(_END))
        return "" if start is None and end is None else f"{_text(start)}–{_text(end)}"

    def text(self, o: Term) -> tuple[str, str]:
        """A value in zh and en: a literal as it is, anything else by its labels."""
        return (o.value, o.value) if isinstance(o, _Literal) else self.label(o)

    def properties(
        self, node: str, kinds: dict[str, str], stated: dict[Any, Term]
    ) -> list[tuple[str, str, str, str]]:
        """What the node says that is not a link to another entity, with the quote stating it."""
        return sorted(
            (self.term(p), *self.text(o), self.quote(stated.get((node, p, o))))
            for p, objects in self.out[node].items()
            if p not in _NODE_OWN
            for o in objects
            if o not in kinds and not (isinstance(o, str) and o.startswith("_:"))
        )

    def fact_properties(self, fact: Term) -> list[tuple[str, str, str]]:
        """What a fact adds to its relation: batch, first time, retained …"""
        roles = self.out[fact]
        if roles.keys() <= _FACT_OWN:  # most facts add nothing
            return []
        return sorted(
            (self.term(p), *self.text(o))
            for p, objects in roles.items()
            if p not in _FACT_OWN
            for o in objects
        )

    def observations(self, node: str) -> list[dict[str, str]]:
        """The observations and rankings about ``node``: indicator, value, year, quote."""
        if (_REF_SUBJECT, node) not in self.into:  # most nodes have none
            return []
        rows = []
        for fact in self.subjects(_REF_SUBJECT, node):
            indicator, rank = self.value(fact, _INDICATOR), self.value(fact, _RANK)
            if not isinstance(indicator, str):
                continue
            zh, en = self.label(indicator)
            value = _text(self.value(fact, _SURFACE)) or (
                f"#{_text(rank)}" if rank is not None else _text(self.value(fact, _OBS_VALUE))
            )
            rows.append(
                {
                    "fact": curie(_text(fact)),
                    "indicator": self.term(indicator),
                    "indicator_zh": zh,
                    "indicator_en": en,
                    "value": value,
                    "year": self.year(fact),
                    "quote": self.quote(fact),
                }
            )
        return sorted(rows, key=lambda row: (row["indicator"], row["year"], row["fact"]))
