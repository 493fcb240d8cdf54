"""The stores: union default graph, persistence, timeouts, rdflib and search."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from anyi_kg import store as store_module
from anyi_kg.errors import BadInputError, SyntaxErrorInFile
from anyi_kg.limits import QueryTimeout
from anyi_kg.store import OxigraphStore, RdflibStore, dataset_file, open_store

ONTOLOGY_TRIPLE = "ASK { <https://w3id.org/anyi-kg/ontology#Company> a ?class }"
FACT_TRIPLE = "ASK { <https://w3id.org/anyi-kg/id/konka-group> a ?class }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("backend", ["kg", "kg_rdflib"])
def test_plain_queries_see_ontology_and_facts(backend: str, request: pytest.FixtureRequest) -> None:
    store = request.getfixturevalue(backend)
    assert store.query(ONTOLOGY_TRIPLE).boolean is True
    assert store.query(FACT_TRIPLE).boolean is True
    graphs = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [str(row[0].value) for row in graphs.rows] == [
        "https://w3id.org/anyi-kg/graph/facts",
        "https://w3id.org/anyi-kg/graph/ontology",
    ]


def test_rdflib_graph_is_the_union(kg: OxigraphStore, kg_rdflib: RdflibStore) -> None:
    graph = kg.rdflib()
    assert len(graph) == len({quad.triple for quad in kg.quads()})
    assert len(graph) == len(kg_rdflib.rdflib())
    assert graph.namespace_manager.store.namespace("kg") is not None


def test_syntax_errors_from_either_engine(kg: OxigraphStore, kg_rdflib: RdflibStore) -> None:
    for store in (kg, kg_rdflib):
        with pytest.raises(SyntaxErrorInFile) as caught:
            store.query("SELECT ?s WHERE {\n  ?s ?p \n}")
        assert caught.value.line in (2, 3) and caught.value.column is not None


def test_evaluation_errors_are_bad_input(kg: OxigraphStore) -> None:
    with pytest.raises(BadInputError, match="custom function"):
        kg.query("SELECT (<http://example.org/f>(1) AS ?x) WHERE {}")


def test_a_query_past_its_timeout_is_stopped(
    kg: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    children: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    with pytest.raises(QueryTimeout, match=r"stopped after 0\.5 s"):
        kg.query(ENDLESS, timeout=0.5)
    [child] = children
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # the process running the query was killed and reaped
    assert kg.query(FACT_TRIPLE, timeout=30).boolean is True


def test_a_timeout_returns_the_same_answer(kg: OxigraphStore, kg_rdflib: RdflibStore) -> None:
    assert kg.query("class-counts", timeout=60).rows == kg.query("class-counts").rows
    with pytest.raises(SyntaxErrorInFile):
        kg.query("SELECT ?s WHERE {", timeout=60)
    assert kg_rdflib.query("investments", timeout=60).rows == kg.query("investments").rows


def test_store_default_timeout(dataset: Path) -> None:
    with OxigraphStore.load(dataset, timeout=0.3) as store, pytest.raises(QueryTimeout):
        store.query(ENDLESS)


def test_persistent_store_loads_once(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "anyi-kg.nq"
    source.write_bytes(dataset.read_bytes())
    loads: list[Path] = []
    real_load = store_module._load
    monkeypatch.setattr(
        store_module,
        "_load",
        lambda s, path, bulk: (loads.append(path), real_load(s, path, bulk)),
    )
    directory = tmp_path / "store"
    with open_store(path=directory, source=source) as first:
        assert first.query(FACT_TRIPLE).boolean is True
        size = len(first)  # type: ignore[arg-type]
    with open_store(path=directory, source=source) as again:
        assert len(again) == size  # type: ignore[arg-type]
    assert loads == [source]
    source.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")
    with open_store(path=directory, source=source) as changed:
        assert len(changed) == 1  # type: ignore[arg-type]
    assert loads == [source, source]


def test_dataset_file_builds_only_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Path] = []

    def fake_build(graph_dir: Path, out_dir: Path) -> list[Path]:
        (out_dir / "anyi-kg.nq").write_text("", encoding="utf-8")
        built.append(out_dir)
        return []

    import anyi_kg.build

    monkeypatch.setattr(anyi_kg.build, "build", fake_build)
    assert dataset_file(tmp_path) == tmp_path / "anyi-kg.nq"
    assert built == [tmp_path]
    dataset_file(tmp_path)
    assert built == [tmp_path]  # newer than graph/ and ontology/: not rebuilt
    os.utime(tmp_path / "anyi-kg.nq", (0, 0))
    dataset_file(tmp_path)
    assert built == [tmp_path, tmp_path]


def test_unknown_backend_and_unreadable_source(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="valid: oxigraph, rdflib"):
        open_store("virtuoso", source=tmp_path / "x.nq")
    with pytest.raises(BadInputError, match="cannot load"):
        open_store(source=tmp_path / "missing.nq")
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(SyntaxErrorInFile, match=r"bad\.nq:1:"):
        open_store(source=bad)


def test_search_by_chinese_english_and_pinyin(kg: OxigraphStore) -> None:
    def first(text: str) -> str:
        return kg.search(text, limit=1)[0].iri.rsplit("/", 1)[-1]

    assert first("康佳") == "konka-group"
    assert first("konka") == "konka-group"
    assert first("Kangjia") == "konka-group"  # pinyin of 康佳
    assert first("安义县") == "anyi-county"  # the exact label ranks first
    assert first("ayx") == "anyi-county"  # pinyin initials
    assert first("安义工业园区") == "anyi-hi-tech-park"  # a former name
    hits = kg.search("铝型材", limit=50)
    assert {"aluminium-profile-cluster", "jiangxi-aluminium-profile-research-institute"} <= {
        h.iri.rsplit("/", 1)[-1] for h in hits
    }
    assert hits[0].label_zh == "铝型材" or hits[0].score <= hits[-1].score
    assert kg.search("   ") == []
    assert kg.search("no such thing at all") == []
