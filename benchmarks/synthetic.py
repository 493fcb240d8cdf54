"""A seeded synthetic multi-county graph with the shape of the Anyi graph.

Each county gets what the report gives Anyi: a park, companies, investment projects and the
investments in them, yearly observations and rankings with the changes between them, award
conferrals, clusters with leading enterprises listed in plans, platforms, adopted programmes and
financial products, and every fact and entity pointing to a span of its own source document.
Counties are added until the requested number of triples is reached.

Every county is one synthetic source document: a text of our own making (each one says on its
first line that it is synthetic, not a real report) that holds every quote at its offsets, so
the graph passes ``anyi-kg build`` as curated data must. Two outputs:

- N-Quads of the facts graph, for the query benchmarks; the real graph can be prepended so that
  the named questions find Anyi among hundreds of counties;
- a graph directory as ``graph/`` is laid out (one Turtle file per document, its text in
  ``sources/``), for the build benchmark.

    python benchmarks/synthetic.py --triples 1000000 --out /tmp/1m.nq --with dist/anyi-kg.nq
    python benchmarks/synthetic.py --triples 1000000 --graph-dir /tmp/1m-graph
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/anyi-kg/"
AK, KG, FACT, SRC = BASE + "ontology#", BASE + "id/", BASE + "fact/", BASE + "source/"
VOCAB = BASE + "vocab/"
GRAPH = f"<{BASE}graph/facts>"
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
INDICATORS = [
    ("gross-industrial-output", "工业总产值", 1e8, "http://qudt.org/vocab/currency/CNY"),
    ("national-high-tech-enterprise-count", "高新技术企业", 1, "http://qudt.org/vocab/unit/NUM"),
    ("above-scale-industrial-enterprise-count", "规上工业企业", 1, "http://qudt.org/vocab/unit/NUM"),
    ("intellectual-property-count", "知识产权", 1, "http://qudt.org/vocab/unit/NUM"),
    ("industrial-vat", "工业增值税", 1e8, "http://qudt.org/vocab/currency/CNY"),
    ("industrial-investment-city-share", "工业投资占全市比重", 0.01, "http://qudt.org/vocab/unit/PERCENT"),
]  # fmt: skip
RANKINGS = [
    ("provincial-dev-zone-assessment-ranking", "全省开发区综合考评"),
    ("county-innovation-capability-ranking", "县域创新能力"),
]
YEARS = range(2019, 2024)
LEVELS = ["national", "provincial", "municipal"]
STATUSES = ["signed", "under-construction", "in-production", "operating"]
PLATFORM_TYPES = ["research-institute", "testing-certification", "settlement-platform"]
SHARED = "synthetic-shared"


class Document:
    """One synthetic source document: its text, grown quote by quote, and its triples."""

    def __init__(self, source: str, title_zh: str, title_en: str) -> None:
        self.source, self.lines, self.text = source, [], [SYNTHETIC_MARK]
        self._length, self._bnode = len(SYNTHETIC_MARK), 0
        iri = SRC + source
        self.iri(iri, RDF + "type", AK + "SourceDocument")
        self.lit(iri, DCT + "title", title_zh, lang="zh")
        self.lit(iri, DCT + "title", title_en, lang="en")
        self.lit(iri, DCT + "identifier", source)

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
        return "".join(f"{line} {GRAPH} .\n" for line in self.lines)

    def turtle(self) -> bytes:
        """The triples as Turtle with the project's prefixes."""
        import pyoxigraph as ox

        from anyi_kg.graph.iris import PREFIXES

        nt = "".join(f"{line} .\n" for line in self.lines)
        triples = sorted(ox.parse(nt, ox.RdfFormat.N_TRIPLES), key=str)
        prefixes = {p: iri for p, iri in PREFIXES.items() if p != "src"}
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


class County:
    """One synthetic county and everything its report would say about it."""

    def __init__(self, index: int, rng: random.Random) -> None:
        self.i, self.rng = index, rng
        chars = rng.sample(sorted(SYLLABLES), 2)
        self.zh = "".join(chars) + f"{index}"
        self.pinyin = "".join(SYLLABLES[c] for c in chars).capitalize() + f"{index}"
        self.iri = f"{KG}county-{index:05d}"
        source = f"synthetic-{index:05d}"
        title_en = f"{self.pinyin} County builds up industry"
        self.w = Document(source, f"{self.zh}县强工兴产", title_en)
        self.dataset = f"{SRC}{source}-observations"

    def assertion(self, slug: str, s: str, p: str, o: str, quote: str) -> None:
        iri = f"{FACT}assert-{slug}"
        self.w.fact(iri, "Assertion", quote)
        self.w.iri(iri, RDF + "subject", s)
        self.w.iri(iri, RDF + "predicate", AK + p)
        self.w.iri(iri, RDF + "object", o)
        self.w.iri(s, AK + p, o)

    def write(self, cities: int) -> Document:
        w, n = self.w, f"{self.i:05d}"
        w.iri(self.dataset, RDF + "type", QB + "DataSet")
        w.lit(self.dataset, RDFS + "label", f"{self.zh}县报道中的指标观测", lang="zh")
        w.lit(self.dataset, RDFS + "label", f"Observations of the {self.pinyin} report", lang="en")
        w.entity(self.iri, "Region", f"{self.zh}县", f"{self.pinyin} County")
        w.iri(self.iri, AK + "level", VOCAB + "level/county")
        city = f"{KG}city-{self.i % cities:03d}"
        self.assertion(
            f"county-{n}-in-city", self.iri, "locatedIn", city, f"{self.zh}县隶属城市"
        )
        park = f"{KG}park-{n}"
        w.entity(
            park, "IndustrialPark", f"{self.zh}高新技术产业园区", f"{self.pinyin} Hi-tech Park"
        )
        self.assertion(f"park-{n}-in-county", park, "locatedIn", self.iri, "园区位于县内")
        companies = self.companies(park, n)
        self.projects(companies, n)
        self.observations(n)
        self.rankings(park, n)
        self.awards(companies, n)
        self.clusters(companies, n)
        self.others(n)
        return w

    def companies(self, park: str, n: str) -> list[str]:
        out = []
        for k in range(24):
            slug, zh_word, en_word = self.rng.choice(INDUSTRIES)
            chars = self.rng.sample(sorted(SYLLABLES), 2)
            iri = f"{KG}company-{n}-{k:02d}"
            zh = "".join(chars) + zh_word + f"{k}号公司"
            en = "".join(SYLLABLES[c] for c in chars).capitalize() + f" {en_word} {n}-{k}"
            self.w.entity(iri, "Company", zh, en)
            self.w.iri(iri, AK + "industry", f"{VOCAB}industry/{slug}")
            if k % 8 == 0:
                self.w.lit(iri, AK + "isListedCompany", "true", XSD + "boolean")
            self.assertion(
                f"company-{n}-{k:02d}-in-park", iri, "locatedIn", park, f"{zh}落户园区"
            )
            out.append(iri)
        return out

    def projects(self, companies: list[str], n: str) -> None:
        for k in range(8):
            project, investor = f"{KG}project-{n}-{k}", self.rng.choice(companies)
            self.w.entity(
                project, "InvestmentProject", f"{self.zh}项目{k}", f"{self.pinyin} project {k}"
            )
            status = self.rng.choice(STATUSES)
            self.assertion(
                f"project-{n}-{k}-status", project, "projectStatus",
                f"{VOCAB}project-status/{status}", f"项目{k}进展为{status}",
            )  # fmt: skip
            invest = f"{FACT}invest-{n}-{k}"
            self.w.fact(invest, "Investment", f"企业投资建设项目{k}")
            self.w.iri(invest, AK + "investor", investor)
            self.w.iri(invest, AK + "project", project)
            self.w.iri(investor, AK + "investsIn", project)
            amount = self.rng.randint(2, 60)
            self.observation(
                f"obs-{n}-project-{k}-investment", "project-investment", project,
                amount * 100_000_000, "http://qudt.org/vocab/currency/CNY", None, f"{amount}亿元",
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
        iri = f"{FACT}{slug}"
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
        iri = f"{FACT}change-{slug}"
        self.w.fact(iri, "Change", quote)
        self.w.iri(iri, AK + "fromObservation", before)
        self.w.iri(iri, AK + "toObservation", after)

    def observations(self, n: str) -> None:
        for slug, zh, scale, unit in INDICATORS:
            value, previous = self.rng.uniform(20, 400), None
            for year in YEARS:
                value *= self.rng.uniform(1.0, 1.25)
                amount = round(value * scale, 2)
                obs = self.observation(
                    f"obs-{n}-{slug}-{year}", slug, self.iri, amount, unit, year, f"{zh}{amount}"
                )
                if previous:
                    self.change(f"{n}-{slug}-{year}", previous, obs, f"{zh}较上年变化")
                previous = obs

    def rankings(self, park: str, n: str) -> None:
        for slug, zh in RANKINGS:
            rank, previous = self.rng.randint(40, 120), None
            for year in YEARS:
                rank = max(1, rank - self.rng.randint(0, 20))
                obs = self.observation(
                    f"rank-{n}-{slug}-{year}", slug, park, rank, "", year, f"{zh}第{rank}位", True
                )
                if previous:
                    self.change(f"{n}-{slug}-{year}", previous, obs, f"{zh}排名变化")
                previous = obs

    def awards(self, companies: list[str], n: str) -> None:
        for k in range(6):
            number = self.rng.randrange(60)
            honour = f"{KG}honour-{number:02d}"
            recipient = self.iri if k < 3 else self.rng.choice(companies)
            conferral = f"{FACT}award-{n}-{k}"
            self.w.fact(conferral, "AwardConferral", f"获评示范称号{number}")
            self.w.iri(conferral, AK + "recipient", recipient)
            self.w.iri(conferral, AK + "honour", honour)
            self.w.lit(
                conferral, SDMX + "dimension#refPeriod", self.rng.choice(YEARS), XSD + "gYear"
            )
            self.w.iri(recipient, AK + "hasHonour", honour)

    def clusters(self, companies: list[str], n: str) -> None:
        for k in range(2):
            slug, zh_word, en_word = INDUSTRIES[(self.i + k) % len(INDUSTRIES)]
            cluster = f"{KG}cluster-{n}-{k}"
            self.w.entity(
                cluster, "IndustrialCluster", f"{self.zh}{zh_word}产业集群",
                f"{self.pinyin} {en_word} cluster",
            )  # fmt: skip
            self.w.iri(cluster, AK + "industry", f"{VOCAB}industry/{slug}")
            for j, leader in enumerate(self.rng.sample(companies, 3)):
                self.assertion(
                    f"cluster-{n}-{k}-leader-{j}", cluster, "hasLeadingEnterprise", leader,
                    f"{zh_word}集群龙头企业{j}",
                )  # fmt: skip
            plan = self.rng.randrange(20)
            self.assertion(
                f"cluster-{n}-{k}-listed", cluster, "listedIn", f"{KG}plan-{plan:02d}",
                f"{zh_word}集群列入行动计划{plan}",
            )  # fmt: skip

    def others(self, n: str) -> None:
        for k in range(4):
            platform = f"{KG}platform-{n}-{k}"
            self.w.entity(
                platform, "Platform", f"{self.zh}创新平台{k}", f"{self.pinyin} platform {k}"
            )
            self.w.iri(
                platform, AK + "platformType", f"{VOCAB}platform-type/{PLATFORM_TYPES[k % 3]}"
            )
            self.assertion(
                f"platform-{n}-{k}-in-county", platform, "locatedIn", self.iri, f"平台{k}设在县内"
            )
        for k in range(3):
            plan = self.rng.randrange(20)
            self.assertion(
                f"county-{n}-adopted-{k}", self.iri, "adopted", f"{KG}plan-{plan:02d}",
                f"全县实施行动计划{plan}",
            )  # fmt: skip
        for k in range(2):
            self.w.entity(
                f"{KG}loan-{n}-{k}", "FinancialProduct", f"{self.zh}产业贷{k}",
                f"{self.pinyin} industry loan {k}",
            )  # fmt: skip


def shared(cities: int) -> Document:
    """Cities, honours and plans that many counties point to, in a document of their own."""
    w = Document(SHARED, "合成的城市、称号与计划", "Synthetic cities, honours and plans")
    for k in range(cities):
        city = f"{KG}city-{k:03d}"
        w.entity(city, "Region", f"城市{k}市", f"City {k}")
        w.iri(city, AK + "level", VOCAB + "level/municipal")
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


def generate(triples: int, seed: int, cities: int = 40) -> Iterator[Document]:
    """The shared document, then counties until ``triples`` triples are written."""
    rng, count, index = random.Random(seed), 0, 0
    document = shared(cities)
    while True:
        yield document
        count += len(document.lines)
        if count >= triples:
            return
        document = County(index, rng).write(cities)
        index += 1


def write(path: Path, triples: int, seed: int = 7, with_file: Path | None = None) -> int:
    """Write the synthetic facts as N-Quads to ``path`` (after ``with_file``); returns quads."""
    real = 0
    with path.open("w", encoding="utf-8") as out:
        if with_file is not None:
            with with_file.open(encoding="utf-8") as stream:
                shutil.copyfileobj(stream, out)
            with with_file.open("rb") as stream:
                real = sum(1 for line in stream if line.strip())
        count = 0
        for document in generate(triples - real, seed):
            out.write(document.nquads())
            count += len(document.lines)
    return real + count


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
    if args.graph_dir is not None:
        written = write_graph(args.graph_dir, args.triples, args.seed)
        print(f"{written} triples written to {args.graph_dir}")
    else:
        written = write(args.out, args.triples, args.seed, args.with_file)
        print(f"{written} quads written to {args.out}")


if __name__ == "__main__":
    main()
