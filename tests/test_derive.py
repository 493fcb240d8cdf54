"""The derived graph: the links the build computes from the sources, apart from what they state.

The small graphs here are of our own making; on the seed and the test sources the expected links
come from their texts (see tests/test_sources.py and tests/test_cross_county.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from anyi_kg.graph.derive import DERIVED_GRAPH, derive
from anyi_kg.paths import ROOT
from anyi_kg.store import OxigraphStore

AK = "https://w3id.org/anyi-kg/ontology#"
KG = "https://w3id.org/anyi-kg/id/"
FACT = "https://w3id.org/anyi-kg/fact/"
SRC = "https://w3id.org/anyi-kg/source/"
PREFIXES = f"""
@prefix ak: <{AK}> . @prefix kg: <{KG}> . @prefix fact: <{FACT}> . @prefix src: <{SRC}> .
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _derived(turtle: str) -> set[tuple[str, str, str]]:
    store = ox.Store()
    store.load(
        (PREFIXES + turtle).encode(),
        format=ox.RdfFormat.TURTLE,
        base_iri=SRC + "x",
        to_graph=ox.NamedNode(SRC + "x"),
    )
    return {
        (
            t.subject.value.rsplit("/", 1)[1],
            t.predicate.value.split("#")[1],
            t.object.value.rsplit("/", 1)[1],
        )
        for t in derive(store)
    }


def test_a_company_is_active_in_each_region_a_source_ties_it_to() -> None:
    found = _derived("""
        kg:a a ak:Region . kg:b a ak:Region . kg:c a ak:Region . kg:d a ak:Region .
        kg:park a ak:IndustrialPark .
        kg:maker a ak:Company ; ak:locatedIn kg:a , kg:park ; ak:investsIn kg:plant ;
            ak:firstMention <#char=0,2> .
        kg:plant ak:locatedIn kg:b .
        <#char=0,2> oa:hasSource src:report-on-c .
        src:report-on-c dct:spatial kg:c .
        [] oa:hasBody kg:maker ; oa:hasTarget <#char=5,7> .
        <#char=5,7> oa:hasSource src:report-on-d .
        src:report-on-d dct:spatial kg:d .
        kg:elsewhere a ak:Company ; ak:headquarteredIn kg:a .
        kg:unsited a ak:Company ; ak:locatedIn kg:park .
        kg:county-office ak:locatedIn kg:a .
    """)
    # the park is no region; an office is no company; a company in a park alone is active nowhere
    assert found == {
        ("maker", "activeIn", "a"),
        ("maker", "activeIn", "b"),
        ("maker", "activeIn", "c"),
        ("maker", "activeIn", "d"),
        ("elsewhere", "activeIn", "a"),
    }


def test_facts_disagree_on_exact_values_in_one_unit_both_ways() -> None:
    def obs(slug: str, value: str, extra: str = "") -> str:
        return f"""fact:{slug} ak:indicator ak:output ; ak:refSubject kg:a ;
            sdmx-dimension:refPeriod "2023"^^xsd:gYear ; sdmx-measure:obsValue {value} {extra} .
        """

    found = _derived(
        obs("yuan-5", "5", "; sdmx-attribute:unitMeasure kg:yuan")
        + obs("yuan-5-again", "5", "; sdmx-attribute:unitMeasure kg:yuan")
        + obs(
            "more-than-6", "6", "; sdmx-attribute:unitMeasure kg:yuan ; ak:valueQualifier kg:more"
        )
        + obs("tonne-7", "7", "; sdmx-attribute:unitMeasure kg:tonne")
        + obs("no-unit-8", "8")
        + """fact:other-year ak:indicator ak:output ; ak:refSubject kg:a ;
               sdmx-dimension:refPeriod "2022"^^xsd:gYear ; sdmx-measure:obsValue 9 ."""
    )
    pairs = {(a, b) for a, _, b in found}
    # 5 and 5 agree; "more than 6" is a bound; yuan and tonnes are not compared; 2022 is apart
    expected = {
        ("yuan-5", "no-unit-8"),
        ("yuan-5-again", "no-unit-8"),
        ("tonne-7", "no-unit-8"),
    }
    assert pairs == expected | {(b, a) for a, b in expected}


def test_the_built_dataset_derives_from_every_source(many: OxigraphStore) -> None:
    rows = many.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}").rows
    links = {(s.value, p.value, o.value) for s, p, o in rows}
    assert {p for _, p, _ in links} == {AK + "activeIn", AK + "disagreesWith"}
    # the seed's 11.09% and 11.1% for one share in 2023; 4.29亿元 (seed) and 4.31亿元 (report 001)
    disagree = {(s, o) for s, p, o in links if p == AK + "disagreesWith"}
    assert len(disagree) == 4 and all((o, s) in disagree for s, o in disagree)
    assert (FACT + "obs-industrial-investment-city-share-11-09",
            FACT + "obs-industrial-investment-city-share-11-1") in disagree  # fmt: skip
    # 康佳集团 invests in Anyi (seed) and in Nanhai (report 002)
    active = {o for s, p, o in links if s == KG + "konka-group" and p == AK + "activeIn"}
    assert {KG + "anyi-county", KG + "nanhai-district"} <= active
    # no source states a derived link, and the derived graph states nothing else
    links_elsewhere = f"GRAPH ?g {{ ?s <{AK}activeIn>|<{AK}disagreesWith> ?o }}"
    stated = f"ASK {{ {links_elsewhere} FILTER(?g != <{DERIVED_GRAPH}>) }}"
    assert many.query(stated).boolean is False


def test_synthetic_quads_end_with_their_derived_graph_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset: Path
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    synthetic = importlib.import_module("synthetic")
    out = tmp_path / "synthetic.nq"
    written = synthetic.write(out, 30_000, with_file=dataset)
    lines = out.read_bytes().splitlines()
    assert len(lines) == written
    derived = [line for line in lines if line.endswith(f"<{DERIVED_GRAPH}> .".encode())]
    # the real graph's derived links are derived again with the rest, not copied before it
    assert len(derived) == len(set(derived)) > 0 and lines[-len(derived) :] == derived
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    assert set(derive(store)) == {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))
    }


def test_pages_link_a_disagreement_and_leave_out_what_is_restated(
    server_client: TestClient,
) -> None:
    """康佳集团's page shows its investment in Anyi with its sentence, not the derived link; the
    seed's 11.09% links to its 11.1%."""
    company = server_client.get("/id/konka-group").text
    assert "纷纷来县投资" in company and "活动于" not in company and "active in" not in company
    fact = server_client.get("/fact/obs-industrial-investment-city-share-11-09").text
    assert 'href="/fact/obs-industrial-investment-city-share-11-1"' in fact
    assert "disagrees with" in fact
