"""A seeded synthetic multi-county graph with the shape of the Anyi graph, as N-Quads.

Each county gets what the report gives Anyi: a park, companies, investment projects and the
investments in them, yearly observations and rankings with the changes between them, award
conferrals, clusters with leading enterprises listed in plans, platforms, adopted programmes and
financial products, and every fact and entity pointing to a span of its own source document.
Counties are added until the requested number of triples is reached; the real graph can be
prepended so that the named questions find Anyi among hundreds of counties.

    python benchmarks/synthetic.py --triples 1000000 --out /tmp/1m.nq --with dist/anyi-kg.nq
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

BASE = "https://w3id.org/anyi-kg/"
AK, KG, FACT, SRC = BASE + "ontology#", BASE + "id/", BASE + "fact/", BASE + "source/"
VOCAB = BASE + "vocab/"
GRAPH = f"<{BASE}graph/facts>"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS, SKOS = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
OA, PROV = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#"
QB, SDMX = "http://purl.org/linked-data/cube#", "http://purl.org/linked-data/sdmx/2009/"
XSD = "http://www.w3.org/2001/XMLSchema#"

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
    ("gross-industrial-output", 1e8, "http://qudt.org/vocab/currency/CNY"),
    ("national-high-tech-enterprise-count", 1, "http://qudt.org/vocab/unit/NUM"),
    ("above-scale-industrial-enterprise-count", 1, "http://qudt.org/vocab/unit/NUM"),
    ("intellectual-property-count", 1, "http://qudt.org/vocab/unit/NUM"),
    ("industrial-vat", 1e8, "http://qudt.org/vocab/currency/CNY"),
    ("industrial-investment-city-share", 0.01, "http://qudt.org/vocab/unit/PERCENT"),
]
RANKINGS = ["provincial-dev-zone-assessment-ranking", "county-innovation-capability-ranking"]
YEARS = range(2019, 2024)
LEVELS = ["national", "provincial", "municipal"]
STATUSES = ["signed", "under-construction", "in-production", "operating"]
PLATFORM_TYPES = ["research-institute", "testing-certification", "settlement-platform"]


class Writer:
    """N-Quads lines into the facts graph, counted."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.count, self._bnode = out, 0, 0

    def iri(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> <{o}> {GRAPH} .\n")
        self.count += 1

    def lit(
        self, s: str, p: str, value: object, datatype: str | None = None, lang: str = ""
    ) -> None:
        text = str(value).replace("\\", "\\\\").replace('"', '\\"')
        suffix = f"@{lang}" if lang else f"^^<{datatype}>" if datatype else ""
        self.out.write(f'<{s}> <{p}> "{text}"{suffix} {GRAPH} .\n')
        self.count += 1

    def span(self, source: str, start: int, quote: str) -> str:
        """A span of ``source`` with its quote and position selectors; returns its IRI."""
        iri = f"{SRC}{source}#char={start},{start + len(quote)}"
        self.iri(iri, RDF + "type", OA + "SpecificResource")
        self.iri(iri, OA + "hasSource", SRC + source)
        self._bnode += 1
        quote_node, position_node = f"_:q{self._bnode}", f"_:p{self._bnode}"
        for node, kind in (
            (quote_node, "TextQuoteSelector"),
            (position_node, "TextPositionSelector"),
        ):
            self.out.write(f"<{iri}> <{OA}hasSelector> {node} {GRAPH} .\n")
            self.out.write(f"{node} <{RDF}type> <{OA}{kind}> {GRAPH} .\n")
        self.out.write(f'{quote_node} <{OA}exact> "{quote}" {GRAPH} .\n')
        for key, value in (("start", start), ("end", start + len(quote))):
            self.out.write(f'{position_node} <{OA}{key}> "{value}"^^<{XSD}integer> {GRAPH} .\n')
        self.count += 7
        return iri


class County:
    """One synthetic county and everything the report would say about it."""

    def __init__(self, w: Writer, index: int, rng: random.Random) -> None:
        self.w, self.i, self.rng = w, index, rng
        self.source = f"synthetic-{index:05d}"
        self.offset = 0
        chars = rng.sample(sorted(SYLLABLES), 2)
        self.zh = "".join(chars) + f"{index}"
        self.pinyin = "".join(SYLLABLES[c] for c in chars).capitalize() + f"{index}"
        self.iri = f"{KG}county-{index:05d}"

    def mention(self, quote: str) -> str:
        self.offset += len(quote) + 7
        return self.w.span(self.source, self.offset, quote)

    def entity(self, iri: str, cls: str, zh: str, en: str) -> None:
        self.w.iri(iri, RDF + "type", AK + cls)
        self.w.lit(iri, RDFS + "label", zh, lang="zh")
        self.w.lit(iri, RDFS + "label", en, lang="en")
        self.w.iri(iri, AK + "firstMention", self.mention(zh))

    def fact(self, iri: str, cls: str, quote: str) -> None:
        self.w.iri(iri, RDF + "type", AK + cls)
        self.w.iri(iri, PROV + "wasDerivedFrom", self.mention(quote))

    def assertion(self, slug: str, s: str, p: str, o: str) -> None:
        iri = f"{FACT}assert-{slug}"
        self.fact(iri, "Assertion", f"{slug} stated")
        self.w.iri(iri, RDF + "subject", s)
        self.w.iri(iri, RDF + "predicate", AK + p)
        self.w.iri(iri, RDF + "object", o)
        self.w.iri(s, AK + p, o)

    def write(self, cities: int) -> None:
        w, n = self.w, f"{self.i:05d}"
        w.iri(SRC + self.source, RDF + "type", AK + "SourceDocument")
        w.lit(
            SRC + self.source, "http://purl.org/dc/terms/title", f"{self.zh}县强工兴产", lang="zh"
        )
        self.entity(self.iri, "Region", f"{self.zh}县", f"{self.pinyin} County")
        w.iri(self.iri, AK + "level", VOCAB + "level/county")
        self.assertion(
            f"county-{n}-in-city", self.iri, "locatedIn", f"{KG}city-{self.i % cities:03d}"
        )
        park = f"{KG}park-{n}"
        self.entity(
            park, "IndustrialPark", f"{self.zh}高新技术产业园区", f"{self.pinyin} Hi-tech Park"
        )
        self.assertion(f"park-{n}-in-county", park, "locatedIn", self.iri)
        companies = self.companies(park, n)
        self.projects(companies, n)
        self.observations(n)
        self.rankings(park, n)
        self.awards(companies, n)
        self.clusters(companies, n)
        self.others(n)

    def companies(self, park: str, n: str) -> list[str]:
        out = []
        for k in range(24):
            slug, zh_word, en_word = self.rng.choice(INDUSTRIES)
            chars = self.rng.sample(sorted(SYLLABLES), 2)
            iri = f"{KG}company-{n}-{k:02d}"
            zh = "".join(chars) + zh_word
            en = "".join(SYLLABLES[c] for c in chars).capitalize() + f" {en_word} {n}-{k}"
            self.entity(iri, "Company", zh, en)
            self.w.iri(iri, AK + "industry", f"{VOCAB}industry/{slug}")
            if k % 8 == 0:
                self.w.lit(iri, AK + "isListedCompany", "true", XSD + "boolean")
            self.assertion(f"company-{n}-{k:02d}-in-park", iri, "locatedIn", park)
            out.append(iri)
        return out

    def projects(self, companies: list[str], n: str) -> None:
        for k in range(8):
            project, investor = f"{KG}project-{n}-{k}", self.rng.choice(companies)
            self.entity(
                project, "InvestmentProject", f"{self.zh}项目{k}", f"{self.pinyin} project {k}"
            )
            status = f"{VOCAB}project-status/{self.rng.choice(STATUSES)}"
            self.assertion(f"project-{n}-{k}-status", project, "projectStatus", status)
            invest = f"{FACT}invest-{n}-{k}"
            self.fact(invest, "Investment", f"invests in project {k}")
            self.w.iri(invest, AK + "investor", investor)
            self.w.iri(invest, AK + "project", project)
            self.w.iri(investor, AK + "investsIn", project)
            amount = self.rng.randint(2, 60) * 100_000_000
            self.observation(
                f"obs-{n}-project-{k}-investment",
                "project-investment",
                project,
                amount,
                "http://qudt.org/vocab/currency/CNY",
                None,
            )

    def observation(
        self,
        slug: str,
        indicator: str,
        subject: str,
        value: object,
        unit: str,
        year: int | None,
        rank: bool = False,
    ) -> str:
        iri = f"{FACT}{slug}"
        self.fact(iri, "Ranking" if rank else "Observation", f"{slug} {value}")
        self.w.iri(iri, QB + "dataSet", f"{SRC}{self.source}-observations")
        self.w.iri(iri, AK + "indicator", f"{VOCAB}indicator/{indicator}")
        self.w.iri(iri, AK + "refSubject", subject)
        if rank:
            self.w.lit(iri, AK + "rank", value, XSD + "integer")
        else:
            self.w.lit(iri, SDMX + "measure#obsValue", value, XSD + "decimal")
            self.w.iri(iri, SDMX + "attribute#unitMeasure", unit)
        self.w.lit(iri, AK + "surfaceForm", f"{value}", lang="zh")
        if year is not None:
            self.w.lit(iri, SDMX + "dimension#refPeriod", year, XSD + "gYear")
        return iri

    def change(self, slug: str, before: str, after: str) -> None:
        iri = f"{FACT}change-{slug}"
        self.fact(iri, "Change", f"{slug} from to")
        self.w.iri(iri, AK + "fromObservation", before)
        self.w.iri(iri, AK + "toObservation", after)

    def observations(self, n: str) -> None:
        for slug, scale, unit in INDICATORS:
            value, previous = self.rng.uniform(20, 400), None
            for year in YEARS:
                value *= self.rng.uniform(1.0, 1.25)
                obs = self.observation(
                    f"obs-{n}-{slug}-{year}", slug, self.iri, round(value * scale, 2), unit, year
                )
                if previous:
                    self.change(f"{n}-{slug}-{year}", previous, obs)
                previous = obs

    def rankings(self, park: str, n: str) -> None:
        for slug in RANKINGS:
            rank, previous = self.rng.randint(40, 120), None
            for year in YEARS:
                rank = max(1, rank - self.rng.randint(0, 20))
                obs = self.observation(f"rank-{n}-{slug}-{year}", slug, park, rank, "", year, True)
                if previous:
                    self.change(f"{n}-{slug}-{year}", previous, obs)
                previous = obs

    def awards(self, companies: list[str], n: str) -> None:
        for k in range(6):
            honour = f"{KG}honour-{self.rng.randrange(60):02d}"
            recipient = self.iri if k < 3 else self.rng.choice(companies)
            conferral = f"{FACT}award-{n}-{k}"
            self.fact(conferral, "AwardConferral", f"award {k}")
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
            self.entity(
                cluster,
                "IndustrialCluster",
                f"{self.zh}{zh_word}产业集群",
                f"{self.pinyin} {en_word} cluster",
            )
            self.w.iri(cluster, AK + "industry", f"{VOCAB}industry/{slug}")
            for j, leader in enumerate(self.rng.sample(companies, 3)):
                self.assertion(
                    f"cluster-{n}-{k}-leader-{j}", cluster, "hasLeadingEnterprise", leader
                )
            plan = f"{KG}plan-{self.rng.randrange(20):02d}"
            self.assertion(f"cluster-{n}-{k}-listed", cluster, "listedIn", plan)

    def others(self, n: str) -> None:
        for k in range(4):
            platform = f"{KG}platform-{n}-{k}"
            self.entity(
                platform, "Platform", f"{self.zh}创新平台{k}", f"{self.pinyin} platform {k}"
            )
            self.w.iri(
                platform, AK + "platformType", f"{VOCAB}platform-type/{PLATFORM_TYPES[k % 3]}"
            )
            self.assertion(f"platform-{n}-{k}-in-county", platform, "locatedIn", self.iri)
        for k in range(3):
            self.assertion(
                f"county-{n}-adopted-{k}",
                self.iri,
                "adopted",
                f"{KG}plan-{self.rng.randrange(20):02d}",
            )
        for k in range(2):
            product = f"{KG}loan-{n}-{k}"
            self.entity(
                product,
                "FinancialProduct",
                f"{self.zh}产业贷{k}",
                f"{self.pinyin} industry loan {k}",
            )


def shared(w: Writer) -> None:
    """Cities, honours and plans that many counties point to."""
    for slug, cls, count, zh, en in (
        ("honour", "Honour", 60, "示范称号", "Demonstration title "),
        ("plan", "ActionPlan", 20, "行动计划", "Action plan "),
    ):
        for k in range(count):
            iri = f"{KG}{slug}-{k:02d}"
            w.iri(iri, RDF + "type", AK + cls)
            w.lit(iri, RDFS + "label", f"{zh}{k}", lang="zh")
            w.lit(iri, RDFS + "label", f"{en}{k}", lang="en")
            w.iri(iri, AK + "level", f"{VOCAB}level/{LEVELS[k % 3]}")


def generate(out: TextIO, triples: int, seed: int, cities: int = 40) -> Iterator[int]:
    """Write counties until ``triples`` quads are written; yields the count after each county."""
    w, rng = Writer(out), random.Random(seed)
    shared(w)
    for k in range(cities):
        w.iri(f"{KG}city-{k:03d}", RDF + "type", AK + "Region")
        w.lit(f"{KG}city-{k:03d}", RDFS + "label", f"城市{k}市", lang="zh")
    index = 0
    while w.count < triples:
        County(w, index, rng).write(cities)
        index += 1
        yield w.count


def write(path: Path, triples: int, seed: int = 7, with_file: Path | None = None) -> int:
    """Write the synthetic graph to ``path`` (after ``with_file``'s quads); returns its quads."""
    from tqdm import tqdm

    real = 0
    with path.open("w", encoding="utf-8") as out:
        if with_file is not None:
            with with_file.open(encoding="utf-8") as stream:
                shutil.copyfileobj(stream, out)
            with with_file.open("rb") as stream:
                real = sum(1 for line in stream if line.strip())
        count = 0
        with tqdm(total=triples, initial=real, unit="quad", desc=path.name, leave=False) as bar:
            for count in generate(out, triples - real, seed):
                bar.update(real + count - bar.n)
    return real + count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--with", dest="with_file", type=Path, help="N-Quads to prepend (the real graph)"
    )
    args = parser.parse_args()
    print(f"{write(args.out, args.triples, args.seed, args.with_file)} quads written to {args.out}")


if __name__ == "__main__":
    main()
