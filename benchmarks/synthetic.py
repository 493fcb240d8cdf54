"""A seeded synthetic graph of every county of China, several sources each, at Anyi's density.

Every county-level division of cpca's table (2,851 of them, ``divisions.py``), with its real
name and GB/T 2260 code (``ak:divisionCode``) and its city and province (``ak:partOf``),
gets three synthetic reports, each its own named graph (the document's IRI), each with its
paper and date: a first report with what the real report gives Anyi (a park, companies,
investment projects and the investments in them, yearly observations and rankings and the
changes between them, award conferrals, clusters with leading enterprises listed in plans,
platforms, adopted programmes and financial products), and two later reports of other papers
that restate the latest figures (a few of them differently, as a revised figure or a misprint
would: both values stay, each with its source), add a year, new projects (one invested by a
company of another county) and honours. One more document names the divisions, the papers,
the honours and the plans that many counties share. Every fact and entity points to a span of
its own document.

Every text is of our own making: each says on its first line that it is synthetic, not a real
report, and holds every quote at its offsets, so that the graph passes ``anyi-kg build`` as
curated data must. Counties are taken in a seeded order until the requested number of triples
is reached (all of them: ~10M); what a county's reports say depends only on the seed, its code
and the counties before it (whose companies invest in it). Two outputs:

- N-Quads, streamed, for the query benchmarks; the real graph can be prepended (安义县 is then
  left to the real report, and the named questions find Anyi among the other counties), and
  the derived graph of the whole follows, as the build writes it (``anyi_kg.graph.derive``);
- a graph directory as ``graph/`` is laid out (one Turtle file per document, its text in
  ``sources/``), for the build benchmark.

    python benchmarks/synthetic.py --triples 10000000 --out /tmp/10m.nq --with dist/anyi-kg.nq
    python benchmarks/synthetic.py --triples 1000000 --graph-dir /tmp/1m-graph
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from divisions import Division, counties, divisions

from anyi_kg.graph.derive import DERIVED_GRAPH, derive

BASE = "https://w3id.org/anyi-kg/"
AK, KG, FACT, SRC = BASE + "ontology#", BASE + "id/", BASE + "fact/", BASE + "source/"
VOCAB = BASE + "vocab/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS, SKOS = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
OA, PROV = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#"
QB, SDMX = "http://purl.org/linked-data/cube#", "http://purl.org/linked-data/sdmx/2009/"
DCT, XSD = "http://purl.org/dc/terms/", "http://www.w3.org/2001/XMLSchema#"

# The first line of every synthetic text.
SYNTHETIC_MARK = (
    "【合成文本】本文由 benchmarks/synthetic.py 按随机种子生成，内容虚构，仅供性能测试，"
    "不是真实报道。(Synthetic text, generated for benchmarks: invented, not a real report.)\n"
)
_CHARS = (
    "安义永修丰城新建宁都瑞金兴国泰和吉水峡江南康信上饶广昌乐平德武宜春余干鄱阳万年铜鼓靖奉高分黎"
)
_READINGS = (
    "an yi yong xiu feng cheng xin jian ning du rui jin xing guo tai he ji shui xia jiang nan "
    "kang xin shang rao guang chang le ping de wu yi chun yu gan po yang wan nian tong gu jing "
    "feng gao fen li"
)
SYLLABLES = dict(zip(_CHARS, _READINGS.split(), strict=True))
INDUSTRIES = [
    ("aluminium-profile", "铝业", "Aluminium"),
    ("doors-windows", "门窗", "Doors and Windows"),
    ("new-materials", "新材料", "New Materials"),
    ("new-energy", "新能源", "New Energy"),
    ("digital-economy", "电子", "Electronics"),
    ("knitting-textiles", "针纺", "Textiles"),
    ("lithium-carbonate", "锂业", "Lithium"),
    ("smart-home", "智能家居", "Smart Home"),
]
CNY, NUM = "http://qudt.org/vocab/currency/CNY", "http://qudt.org/vocab/unit/NUM"
PERCENT = "http://qudt.org/vocab/unit/PERCENT"
# An indicator, its words, its unit as the text writes it, the unit's size and unit.
INDICATORS = [
    ("gross-industrial-output", "工业总产值", "亿元", "100000000", CNY),
    ("national-high-tech-enterprise-count", "高新技术企业", "家", "1", NUM),
    ("above-scale-industrial-enterprise-count", "规上工业企业", "家", "1", NUM),
    ("intellectual-property-count", "知识产权", "件", "1", NUM),
    ("industrial-vat", "工业增值税", "亿元", "100000000", CNY),
    ("industrial-investment-city-share", "工业投资占全市比重", "%", "1", PERCENT),
]
RANKINGS = [
    ("provincial-dev-zone-assessment-ranking", "全省开发区综合考评"),
    ("county-innovation-capability-ranking", "县域创新能力"),
]
YEARS = range(2019, 2024)
LEVELS = ["national", "provincial", "municipal"]
TIER_LEVELS = {"province": "provincial", "city": "municipal", "county": "county"}
HIERARCHY = AK + "partOf"  # a division to the one above it
DIVISION_CODE = AK + "divisionCode"  # its GB/T 2260 code
# The papers of the first and the two later reports, and the day each report appeared.
PAPERS = [("合成日报", "Synthetic Daily"), ("合成经济报", "Synthetic Economic News"),
          ("合成晚报", "Synthetic Evening News")]  # fmt: skip
ISSUED = ["2024-01-16", "2025-02-20", "2026-03-05"]
DISAGREE = 0.06  # the share of restated figures that a later report gives differently
REAL = {"360123"}  # counties that the real graph covers: left out when it is prepended
STATUSES = ["signed", "under-construction", "in-production", "operating"]
PLATFORM_TYPES = ["research-institute", "testing-certification", "settlement-platform"]
SHARED = "synthetic-shared"


COMPANIES = 20  # per county
_PAIRS = [a + b for a in sorted(SYLLABLES) for b in sorted(SYLLABLES) if a != b]


def region(code: str) -> str:
    return f"{KG}region-{code}"


class Document:
    """One synthetic source document, its own named graph: its text, grown quote by quote,
    and its triples."""

    def __init__(self, source: str, title_zh: str, title_en: str) -> None:
        self.source, self.lines, self.text = source, [], [SYNTHETIC_MARK]
        self.graph = f"<{SRC}{source}>"
        self._length, self._bnode = len(SYNTHETIC_MARK), 0
        iri = SRC + source
        self.iri(iri, RDF + "type", AK + "SourceDocument")
        self.lit(iri, DCT + "title", title_zh, lang="zh")
        self.lit(iri, DCT + "title", title_en, lang="en")
        self.lit(iri, DCT + "identifier", source)
        self.lit(iri, DCT + "language", "zh")

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}>")

    def lit(
        self, s: str, p: str, value: object, datatype: str | None = None, lang: str = ""
    ) -> None:
        text = str(value).replace("\\", "\\\\").replace('"', '\\"')
        suffix = f"@{lang}" if lang else f"^^<{datatype}>" if datatype else ""
        self.lines.append(f'<{s}> <{p}> "{text}"{suffix}')

    def span(self, quote: str) -> str:
        """A new sentence of the text that states ``quote``, as a span; returns its IRI."""
        start, end = self._length, self._length + len(quote)
        self.text.append(quote + "。\n")
        self._length = end + 2
        iri = f"{SRC}{self.source}#char={start},{end}"
        self.iri(iri, RDF + "type", OA + "SpecificResource")
        self.iri(iri, OA + "hasSource", SRC + self.source)
        self._bnode += 1
        quote_node = f"_:{self.source}-q{self._bnode}"
        position_node = f"_:{self.source}-p{self._bnode}"
        for node, kind in (
            (quote_node, "TextQuoteSelector"),
            (position_node, "TextPositionSelector"),
        ):
            self.lines.append(f"<{iri}> <{OA}hasSelector> {node}")
            self.lines.append(f"{node} <{RDF}type> <{OA}{kind}>")
        self.lines.append(f'{quote_node} <{OA}exact> "{quote}"')
        for key, value in (("start", start), ("end", end)):
            self.lines.append(f'{position_node} <{OA}{key}> "{value}"^^<{XSD}integer>')
        return iri

    def entity(self, iri: str, cls: str, zh: str, en: str) -> None:
        self.iri(iri, RDF + "type", AK + cls)
        self.lit(iri, RDFS + "label", zh, lang="zh")
        self.lit(iri, RDFS + "label", en, lang="en")
        self.iri(iri, AK + "firstMention", self.span(zh))

    def fact(self, iri: str, cls: str, quote: str) -> None:
        self.iri(iri, RDF + "type", AK + cls)
        self.iri(iri, PROV + "wasDerivedFrom", self.span(quote))

    def nquads(self) -> str:
        return "".join(f"{line} {self.graph} .\n" for line in self.lines)

    def turtle(self) -> bytes:
        """The triples as Turtle with the project's prefixes, ``@base`` the document (the build
        puts a file's triples in the named graph of the source its ``@base`` names)."""
        import pyoxigraph as ox

        from anyi_kg.graph.iris import PREFIXES

        nt = "".join(f"{line} .\n" for line in self.lines)
        triples = sorted(ox.parse(nt, ox.RdfFormat.N_TRIPLES), key=str)
        prefixes = {p: iri for p, iri in PREFIXES.items() if p != "src"}
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        return f"@base <{SRC}{self.source}> .\n".encode() + body


class County:
    """One county and its three reports: :meth:`first`, then :meth:`later` twice.

    ``partners``: the codes of two other counties, one of whose companies invests here in the
    second and in the third report.
    """

    def __init__(self, division: Division, seed: int, partners: tuple[str, str]) -> None:
        self.d, self.code, self.partners = division, division.code, partners
        self.rng = random.Random(f"{seed}-{division.code}")
        self.iri, self.stem, self.en = region(division.code), division.stem, division.en.split()[0]
        self.companies = [f"{KG}company-{self.code}-{k:02d}" for k in range(COMPANIES)]
        self.figures: dict[tuple[str, int], float] = {}  # what the reports have said so far
        self.w, self.tag = Document("", "", ""), ""

    def reports(self) -> Iterator[Document]:
        yield self.first()
        yield self.later(2)
        yield self.later(3)

    def report(self, n: int, title_zh: str, title_en: str) -> Document:
        """A new report, the ``n``-th on this county, of the ``n``-th paper."""
        self.w, self.tag = (
            Document(f"synthetic-{self.code}-{n}", title_zh, title_en),
            f"{self.code}-{n}",
        )
        iri = SRC + self.w.source
        self.w.iri(iri, DCT + "publisher", f"{KG}synthetic-paper-{n}")
        self.w.lit(iri, DCT + "issued", ISSUED[n - 1], XSD + "date")
        self.w.iri(iri, DCT + "spatial", self.iri)
        self.dataset = f"{iri}-observations"
        self.w.iri(self.dataset, RDF + "type", QB + "DataSet")
        self.w.iri(self.dataset, DCT + "source", iri)
        self.w.lit(self.dataset, RDFS + "label", f"{title_zh}中的指标观测", lang="zh")
        self.w.lit(self.dataset, RDFS + "label", f"Observations of “{title_en}”", lang="en")
        return self.w

    def first(self) -> Document:
        """What the real report says of Anyi: park, companies, projects, figures and more."""
        w = self.report(1, f"{self.d.zh}强工兴产", f"{self.d.en} builds up industry")
        park = f"{KG}park-{self.code}"
        w.entity(park, "IndustrialPark", f"{self.stem}高新技术产业园区", f"{self.en} Hi-tech Park")
        self.assertion("park-in-county", park, "locatedIn", self.iri, f"园区位于{self.d.zh}")
        self.name_companies(park)
        self.projects(range(8))
        self.observations(list(YEARS))
        self.rankings(park)
        self.awards(6, list(YEARS))
        self.clusters()
        self.others()
        return w

    def later(self, n: int) -> Document:
        """A later report of another paper: last year's figures again (a few of them not as
        before), this year's, two new projects (one by a company of a partner), honours."""
        year = YEARS[-1] + n - 1
        w = self.report(n, f"{self.d.zh}{year}年工业稳中有进", f"{self.d.en}: industry in {year}")
        self.observations([year - 1, year])
        self.projects(range(6 + 2 * n, 8 + 2 * n), self.partners[n - 2])
        self.awards(2, [year])
        return w

    def assertion(self, slug: str, s: str, p: str, o: str, quote: str) -> None:
        iri = f"{FACT}assert-{self.tag}-{slug}"
        self.w.fact(iri, "Assertion", quote)
        self.w.iri(iri, RDF + "subject", s)
        self.w.iri(iri, RDF + "predicate", AK + p)
        self.w.iri(iri, RDF + "object", o)
        self.w.iri(s, AK + p, o)

    def name_companies(self, park: str) -> None:
        pairs = self.rng.sample(_PAIRS, COMPANIES)
        for k, (iri, pair) in enumerate(zip(self.companies, pairs, strict=True)):
            slug, zh_word, en_word = self.rng.choice(INDUSTRIES)
            zh = f"{self.stem}{pair}{zh_word}有限公司"
            en = f"{self.en} {''.join(SYLLABLES[c] for c in pair).capitalize()} {en_word} Co., Ltd."
            self.w.entity(iri, "Company", zh, en)
            self.w.iri(iri, AK + "industry", f"{VOCAB}industry/{slug}")
            if k % 8 == 0:
                self.w.lit(iri, AK + "isListedCompany", "true", XSD + "boolean")
            self.assertion(f"company-{k:02d}-in-park", iri, "locatedIn", park, f"{zh}落户园区")

    def projects(self, numbers: range, partner: str = "") -> None:
        """Projects ``numbers``; with a ``partner``, placed in the county, the last one invested
        by a company of the ``partner`` county."""
        elsewhere = bool(partner)
        for k in numbers:
            project = f"{KG}project-{self.code}-{k}"
            investor = self.rng.choice(self.companies)
            if elsewhere and k == numbers[-1]:
                investor = f"{KG}company-{partner}-{self.rng.randrange(COMPANIES):02d}"
            zh, en = f"{self.stem}产业项目{k}", f"{self.en} industrial project {k}"
            self.w.entity(project, "InvestmentProject", zh, en)
            if elsewhere:
                quote = f"{zh}落户{self.d.zh}"
                self.assertion(f"project-{k}-in-county", project, "locatedIn", self.iri, quote)
            status = self.rng.choice(STATUSES)
            self.assertion(
                f"project-{k}-status", project, "projectStatus",
                f"{VOCAB}project-status/{status}", f"项目{k}进展为{status}",
            )  # fmt: skip
            invest = f"{FACT}invest-{self.tag}-{k}"
            self.w.fact(invest, "Investment", f"企业投资建设项目{k}")
            self.w.iri(invest, AK + "investor", investor)
            self.w.iri(invest, AK + "project", project)
            self.w.iri(investor, AK + "investsIn", project)
            amount = self.rng.randint(2, 60)
            self.observation(
                f"project-{k}-investment", "project-investment", project,
                f"{amount}00000000", CNY, None, f"{amount}亿元",
            )  # fmt: skip

    def observation(
        self,
        slug: str,
        indicator: str,
        subject: str,
        value: object,
        unit: str,
        year: int | None,
        surface: str,
        rank: bool = False,
    ) -> str:
        iri = f"{FACT}obs-{self.tag}-{slug}"
        when = f"{year}年" if year is not None else ""
        self.w.fact(iri, "Ranking" if rank else "Observation", f"{when}{surface}")
        self.w.iri(iri, QB + "dataSet", self.dataset)
        self.w.iri(iri, AK + "indicator", f"{VOCAB}indicator/{indicator}")
        self.w.iri(iri, AK + "refSubject", subject)
        if rank:
            self.w.lit(iri, AK + "rank", value, XSD + "integer")
        else:
            self.w.lit(iri, SDMX + "measure#obsValue", value, XSD + "decimal")
            self.w.iri(iri, SDMX + "attribute#unitMeasure", unit)
            self.w.lit(iri, AK + "surfaceForm", surface, lang="zh")
        if year is not None:
            self.w.lit(iri, SDMX + "dimension#refPeriod", year, XSD + "gYear")
        return iri

    def change(self, slug: str, before: str, after: str, quote: str) -> None:
        iri = f"{FACT}change-{self.tag}-{slug}"
        self.w.fact(iri, "Change", quote)
        self.w.iri(iri, AK + "fromObservation", before)
        self.w.iri(iri, AK + "toObservation", after)

    def figure(self, slug: str, year: int) -> float:
        """The figure for ``year``: as an earlier report gave it (now and then not quite), or
        grown from the year before."""
        known = self.figures.get((slug, year))
        if known is not None:
            if self.rng.random() < DISAGREE:
                return known * self.rng.choice([0.9, 0.95, 1.05, 1.1])
            return known
        before = self.figures.get((slug, year - 1))
        start = self.rng.uniform(2, 30) if slug.endswith("share") else self.rng.uniform(20, 400)
        value = start if before is None else before * self.rng.uniform(0.97, 1.2)
        self.figures[slug, year] = value
        return value

    def observations(self, years: list[int]) -> None:
        for slug, zh, unit_zh, size, unit in INDICATORS:
            previous = None
            for year in years:
                value = self.figure(slug, year)
                stated = Decimal(round(value)) if unit == NUM else round(Decimal(value), 2)
                measured = format(stated * Decimal(size), "f")
                obs = self.observation(
                    f"{slug}-{year}", slug, self.iri, measured, unit, year, f"{zh}{stated}{unit_zh}"
                )
                if previous:
                    self.change(f"{slug}-{year}", previous, obs, f"{zh}较上年变化")
                previous = obs

    def rankings(self, park: str) -> None:
        for slug, zh in RANKINGS:
            rank, previous = self.rng.randint(40, 120), None
            for year in YEARS:
                rank = max(1, rank - self.rng.randint(0, 20))
                obs = self.observation(
                    f"{slug}-{year}", slug, park, rank, "", year, f"{zh}第{rank}位", True
                )
                if previous:
                    self.change(f"{slug}-{year}", previous, obs, f"{zh}排名变化")
                previous = obs

    def awards(self, count: int, years: list[int]) -> None:
        """``count`` conferrals, the first half to the county, the rest to its companies."""
        for k in range(count):
            number = self.rng.randrange(60)
            honour = f"{KG}honour-{number:02d}"
            recipient = self.iri if 2 * k < count else self.rng.choice(self.companies)
            conferral = f"{FACT}award-{self.tag}-{k}"
            self.w.fact(conferral, "AwardConferral", f"获评示范称号{number}")
            self.w.iri(conferral, AK + "recipient", recipient)
            self.w.iri(conferral, AK + "honour", honour)
            year = self.rng.choice(years)
            self.w.lit(conferral, SDMX + "dimension#refPeriod", year, XSD + "gYear")
            self.w.iri(recipient, AK + "hasHonour", honour)

    def clusters(self) -> None:
        for k in range(2):
            slug, zh_word, en_word = INDUSTRIES[(int(self.code) + k) % len(INDUSTRIES)]
            cluster = f"{KG}cluster-{self.code}-{k}"
            self.w.entity(
                cluster, "IndustrialCluster", f"{self.stem}{zh_word}产业集群",
                f"{self.en} {en_word} cluster",
            )  # fmt: skip
            self.w.iri(cluster, AK + "industry", f"{VOCAB}industry/{slug}")
            for j, leader in enumerate(self.rng.sample(self.companies, 3)):
                self.assertion(
                    f"cluster-{k}-leader-{j}", cluster, "hasLeadingEnterprise", leader,
                    f"{zh_word}集群龙头企业{j}",
                )  # fmt: skip
            plan = self.rng.randrange(20)
            self.assertion(
                f"cluster-{k}-listed", cluster, "listedIn", f"{KG}plan-{plan:02d}",
                f"{zh_word}集群列入行动计划{plan}",
            )  # fmt: skip

    def others(self) -> None:
        for k in range(4):
            platform = f"{KG}platform-{self.code}-{k}"
            self.w.entity(
                platform, "Platform", f"{self.stem}创新平台{k}", f"{self.en} platform {k}"
            )
            self.w.iri(
                platform, AK + "platformType", f"{VOCAB}platform-type/{PLATFORM_TYPES[k % 3]}"
            )
            self.assertion(
                f"platform-{k}-in-county", platform, "locatedIn", self.iri, f"平台{k}设在县内"
            )
        for k in range(3):
            plan = self.rng.randrange(20)
            self.assertion(
                f"adopted-{k}", self.iri, "adopted", f"{KG}plan-{plan:02d}",
                f"全县实施行动计划{plan}",
            )  # fmt: skip
        for k in range(2):
            self.w.entity(
                f"{KG}loan-{self.code}-{k}", "FinancialProduct", f"{self.stem}产业贷{k}",
                f"{self.en} industry loan {k}",
            )  # fmt: skip


def shared(covered: list[Division]) -> Document:
    """The divisions of ``covered`` with the cities and provinces above them (with their
    codes), the papers, and the honours and plans that many counties point to, in a
    document of their own."""
    w = Document(SHARED, "合成的行政区划、报纸、称号与计划",
                 "Synthetic divisions, papers, honours and plans")  # fmt: skip
    table, needed = divisions(), set()
    for division in covered:
        code: str | None = division.code
        while code is not None:
            needed.add(code)
            code = table[code].parent
    for code in sorted(needed):
        division = table[code]
        w.entity(region(code), "Region", division.zh, division.en)
        w.lit(region(code), DIVISION_CODE, code)
        w.iri(region(code), AK + "level", f"{VOCAB}level/{TIER_LEVELS[division.tier]}")
        if division.parent is not None:
            w.iri(region(code), HIERARCHY, region(division.parent))
    for k, (zh, en) in enumerate(PAPERS, start=1):
        w.entity(f"{KG}synthetic-paper-{k}", "PublicBody", zh, en)
    for k in range(60):
        honour = f"{KG}honour-{k:02d}"
        w.entity(honour, "Honour", f"示范称号{k}", f"Demonstration title {k}")
        w.iri(honour, AK + "level", f"{VOCAB}level/{LEVELS[k % 3]}")
        w.iri(honour, AK + "honourType", VOCAB + "honour-type/title")
    for k in range(20):
        plan = f"{KG}plan-{k:02d}"
        w.entity(plan, "ActionPlan", f"行动计划{k}", f"Action plan {k}")
        w.iri(plan, AK + "level", f"{VOCAB}level/{LEVELS[k % 3]}")
    return w


def order(seed: int, skip: frozenset[str] = frozenset()) -> list[Division]:
    """Every county but those in ``skip``, in the seeded order in which they are written."""
    out = [d for d in counties() if d.code not in skip]
    random.Random(seed).shuffle(out)
    return out


def generate(triples: int, seed: int, skip: frozenset[str] = frozenset()) -> Iterator[Document]:
    """The reports of counties in :func:`order` until ``triples`` triples are written (or
    every county is), then the shared document."""
    covered: list[Division] = []
    count = 0
    for division in order(seed, skip):
        earlier = covered or [division]
        partners = (earlier[-1].code, random.Random(f"{seed}-{division.code}").choice(earlier).code)
        covered.append(division)
        for document in County(division, seed, partners).reports():
            count += len(document.lines)
            yield document
        if count >= triples:
            break
    yield shared(covered)


def write(path: Path, triples: int, seed: int = 7, with_file: Path | None = None) -> int:
    """Write the synthetic graph as N-Quads to ``path`` (after ``with_file``, whose counties
    it leaves out, and whose derived graph it derives again), then the derived graph of the
    whole; returns the number of quads."""
    derived_suffix = f" <{DERIVED_GRAPH}> .\n"
    count = 0
    with path.open("w", encoding="utf-8") as out:
        if with_file is not None:
            with with_file.open(encoding="utf-8") as stream:
                for line in stream:
                    if line.strip() and not line.endswith(derived_suffix):
                        out.write(line)
                        count += 1
        skip = frozenset(REAL) if with_file is not None else frozenset()
        for document in generate(triples - count, seed, skip):
            out.write(document.nquads())
            count += len(document.lines)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    derived = derive(store)
    del store
    graph = ox.NamedNode(DERIVED_GRAPH)
    with path.open("ab") as out:
        ox.serialize((ox.Quad(*t, graph) for t in derived), out, ox.RdfFormat.N_QUADS)
    return count + len(derived)


def write_graph(directory: Path, triples: int, seed: int = 7) -> int:
    """Write a graph directory: ``<source>.ttl`` and ``sources/<source>.txt`` per document."""
    sources = directory / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    count = 0
    for document in generate(triples, seed):
        (directory / f"{document.source}.ttl").write_bytes(document.turtle())
        (sources / f"{document.source}.txt").write_text("".join(document.text), encoding="utf-8")
        count += len(document.lines)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, help="N-Quads file to write")
    out.add_argument("--graph-dir", type=Path, help="graph directory to write (Turtle, texts)")
    parser.add_argument(
        "--with", dest="with_file", type=Path, help="N-Quads to prepend (the real graph)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.graph_dir is not None:
        written = write_graph(args.graph_dir, args.triples, args.seed)
        where = args.graph_dir
    else:
        written = write(args.out, args.triples, args.seed, args.with_file)
        where = args.out
    took = time.perf_counter() - started
    print(f"{written:,} triples written to {where} in {took:.1f} s")


if __name__ == "__main__":
    main()
