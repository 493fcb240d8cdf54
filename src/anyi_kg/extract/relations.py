"""Relational facts, clause by clause, from the verbs of ``patterns.toml``:

- investments: "X投资的Y" (a company, then a project) → ``ak:Investment`` and ``X ak:investsIn Y``;
- conferrals: an honour after 获评/荣获/蝉联 … → ``ak:AwardConferral`` for the nearest place,
  cluster, brand or company before the verb (else the report's region), one per year stated;
- links: 列入 (listed in a plan or list), 与…战略合作 (partner of), 行业龙头 (a cluster's leading
  enterprises), 落户/落地 (located in the report's region), each an ``ak:Assertion`` with the
  plain triple it states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..graph.iris import AK
from .mentions import Entity, Mention
from .numbers import years
from .patterns import PATTERNS
from .text import Text

_HOLDERS = frozenset(
    getattr(AK, c) for c in ["Region", "IndustrialPark", "IndustrialCluster", "Brand", "Company"]
)
_PLANS = frozenset(getattr(AK, c) for c in ["ActionPlan", "Programme", "ProjectList"])
_PLACED = frozenset(
    getattr(AK, c) for c in ["Platform", "InvestmentProject", "IndustrialBase", "Company"]
)


@dataclass
class Relation:
    kind: str  # "investment", "conferral", "assertion"
    subject: Entity
    predicate: str
    object: Entity
    span: tuple[int, int]
    confidence: float
    extra: dict[str, Any] = field(default_factory=dict)

    def write(self, w: Any) -> None:
        """Write the fact with ``w``, the draft's writer (:mod:`.rdf`)."""
        s, o = self.subject.iri, self.object.iri
        if self.kind == "investment":
            iri = w.fact_iri("invest", o, self.span[0])
            w.add(iri, "rdf:type", AK.Investment)
            w.add(iri, "ak:investor", s)
            w.add(iri, "ak:project", o)
        elif self.kind == "conferral":
            iri = w.fact_iri("award", o + "-" + str(self.extra.get("year", "")), self.span[0])
            w.add(iri, "rdf:type", AK.AwardConferral)
            w.add(iri, "ak:recipient", s)
            w.add(iri, "ak:honour", o)
            for key, prop, datatype in (("year", "sdmx-dimension:refPeriod", "xsd:gYear"),
                                        ("batch", "ak:batch", "xsd:integer")):  # fmt: skip
                if key in self.extra:
                    w.add(iri, prop, w.typed(str(self.extra[key]), datatype))
            for key in ("retained", "firstTime"):
                if self.extra.get(key):
                    w.add(iri, "ak:" + key, w.typed("true", "xsd:boolean"))
        else:
            iri = w.fact_iri(
                "assert",
                self.predicate.rsplit("#", 1)[-1] + "-" + o.rsplit("/", 1)[-1],
                self.span[0],
            )
            w.add(iri, "rdf:type", AK.Assertion)
            w.add(iri, "rdf:subject", s)
            w.add(iri, "rdf:predicate", self.predicate)
            w.add(iri, "rdf:object", o)
        w.add(s, self.predicate, o)
        w.add(iri, "prov:wasDerivedFrom", w.span(*self.span))
        w.mark(iri, self.confidence)


def _words(key: str) -> list[str]:
    return sorted(PATTERNS.verbs[key], key=len, reverse=True)


def read_relations(text: Text, mentions: list[Mention], main: dict[str, Entity]) -> list[Relation]:
    found: list[Relation] = []
    flat = text.flat
    for sentence in text.sentences:
        in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
        conferred = False
        for clause in text.clauses(sentence):
            here = [m for m in in_sentence if clause.start <= m.start < clause.end]
            found += _investments(flat, here)
            continued = conferred and flat.startswith(tuple(_words("continuing")), clause.start)
            given = _conferrals(flat, clause.start, clause.end, here, in_sentence, main, continued)
            conferred = bool(given)
            found += given
            found += _links(flat, clause.start, clause.end, here, in_sentence, main)
    return _unique(found)


def _investments(flat: str, here: list[Mention]) -> list[Relation]:
    found = []
    for word in _words("investment"):
        for match in re.finditer(
            re.escape(word), flat[here[0].start if here else 0 : here[-1].end if here else 0]
        ):
            at = (here[0].start if here else 0) + match.start()
            investor = [m for m in here if m.end == at and m.cls == AK.Company]
            project = [
                m for m in here if m.start == at + len(word) and m.cls == AK.InvestmentProject
            ]
            if investor and project:
                company = investor[0].entity
                if (
                    flat[max(0, investor[0].start - 4) : investor[0].start]
                    == PATTERNS.verbs["listed_company"]
                ):
                    company.listed = True
                found.append(Relation("investment", company, AK.investsIn, project[0].entity,
                                      (investor[0].start, project[0].end), 0.8))  # fmt: skip
    return found


def _conferrals(
    flat: str,
    start: int,
    end: int,
    here: list[Mention],
    sentence: list[Mention],
    main: dict[str, Entity],
    continued: bool = False,
) -> list[Relation]:
    """Conferrals of the honours after a conferral verb of the clause (or, ``continued``, of
    the clause before it)."""
    verbs = [
        (m.start(), m.end())
        for w in _words("conferral")
        for m in re.finditer(re.escape(w), flat[start:end])
    ]
    if not verbs and not continued:
        return []
    verb_at = start + min(v[0] for v in verbs) if verbs else start
    honours = [m for m in here if m.cls == AK.Honour and m.start >= verb_at]
    if not honours:
        return []
    holders = [m for m in sentence if m.cls in _HOLDERS and m.end <= verb_at]
    recipient = holders[-1].entity if holders else main[AK.Region]
    clause = flat[start:end]
    stated = [y.value for y in years(flat, start, verb_at + 2) if y.role == "year"]
    retained = any(w in clause for w in PATTERNS.verbs["retained"])
    first = any(w in clause for w in PATTERNS.verbs["first_time"])
    found = []
    for honour in honours:
        extra: dict[str, Any] = {"firstTime": first and not stated}
        batch = re.search(
            r"第([一二三四五六七八九十\d]+)批|(首)批", flat[honour.start : honour.end]
        )
        if batch:
            from .numbers import numeral

            n = 1 if batch.group(2) else numeral(batch.group(1))
            if n:
                extra["batch"] = int(n)
        for year in stated or [""]:
            item = dict(extra)
            if year:
                item["year"] = year
            elif retained:
                item["retained"] = True
            found.append(Relation("conferral", recipient, AK.hasHonour, honour.entity,
                                  (start, honour.end), 0.7, item))  # fmt: skip
    return found


def _links(
    flat: str,
    start: int,
    end: int,
    here: list[Mention],
    sentence: list[Mention],
    main: dict[str, Entity],
) -> list[Relation]:
    clause, found = flat[start:end], []
    region = main.get(AK.Region)
    here = [m for m in here if not m.nested]  # 华为 in 华为(南昌)…中心: the centre is placed
    for word in _words("listed"):
        at = clause.find(word)
        if at < 0:
            continue
        plans = [m for m in here if m.cls in _PLANS and m.start >= start + at]
        subjects = [
            m
            for m in sentence
            if m.end <= start + at and m.cls in (AK.IndustrialCluster, AK.InvestmentProject)
        ]
        if plans and subjects:
            for plan in plans:
                found.append(Relation("assertion", subjects[-1].entity, AK.listedIn, plan.entity,
                                      (min(subjects[-1].start, start), plan.end), 0.7))  # fmt: skip
        break
    if region is not None and any(w in clause for w in PATTERNS.verbs["partner"]):
        for m in here:
            if m.cls in (AK.Platform, AK.Company):
                found.append(
                    Relation("assertion", region, AK.partnerOf, m.entity, (start, end), 0.6)
                )
    for word in _words("leader"):
        at = clause.find(word)
        if at >= 0:
            clusters = [
                m for m in sentence if m.cls == AK.IndustrialCluster and m.end <= start + at
            ]
            for m in here:
                if m.cls == AK.Company and m.start >= start + at and clusters:
                    found.append(Relation("assertion", clusters[-1].entity, AK.hasLeadingEnterprise,
                                          m.entity, (clusters[-1].start, m.end), 0.7))  # fmt: skip
            break
    if region is not None and any(w in clause for w in _words("located")):
        for m in here:
            if m.cls in _PLACED and m.entity is not region:
                found.append(
                    Relation("assertion", m.entity, AK.locatedIn, region, (start, end), 0.6)
                )
    return found


def _unique(relations: list[Relation]) -> list[Relation]:
    seen, kept = set(), []
    for r in relations:
        key = (r.kind, r.subject.iri, r.predicate, r.object.iri, r.extra.get("year"))
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
