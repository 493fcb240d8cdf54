"""The stores: union default graph, persistence, timeouts, rdflib and search."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from digests import digests, leftovers
from starlette.testclient import TestClient

from anyi_kg.errors import BadInputError, SyntaxErrorInFile
from anyi_kg.store import OxigraphStore, RdflibStore, Store, dataset_file, open_store
from anyi_kg.store import embedded as store_module
from anyi_kg.store.limits import QueryTimeout
from anyi_kg.store.search import LabelIndex

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
        "https://w3id.org/anyi-kg/graph/derived",
        "https://w3id.org/anyi-kg/graph/ontology",
        "https://w3id.org/anyi-kg/source/000_14a3bcd6bc545aa4",
        "https://w3id.org/anyi-kg/source/gb-t-2260",
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

    import anyi_kg.graph.build

    monkeypatch.setattr(anyi_kg.graph.build, "build", fake_build)
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


# ---- a store on disk loses nothing (issue 18) ----------------------------------------------

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
OTHER = '<https://example.org/report> <https://example.org/says> "第二版" .\n'


def _count(store: Store) -> int:
    return int(store.query(COUNT_ALL).rows[0][0].value)  # type: ignore[union-attr]


@pytest.fixture
def source(dataset: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "anyi-kg.nq"
    copy.write_bytes(dataset.read_bytes())
    return copy


def test_a_new_store_is_marked_and_opened_read_only(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "deep" / "store"
    with open_store(path=directory, source=source) as kg:
        assert kg.query(FACT_TRIPLE).boolean is True
        with pytest.raises(RuntimeError, match="read-write"):
            kg.store.add(next(iter(kg.store)))  # type: ignore[attr-defined]
    marker = json.loads((directory / "anyi-kg.json").read_text(encoding="utf-8"))
    assert marker["created_by"] == "anyi-kg" and marker["kind"] == "store"
    assert marker["source"] == str(source.resolve())
    assert leftovers(directory.parent) == []


def test_a_failed_rebuild_leaves_the_old_store_as_it_was(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    with open_store(path=directory, source=source) as kg:
        size = _count(kg)
    before = digests(directory)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.nq"  # the error comes after 6,000 good quads have been loaded
    broken.write_text("".join(lines[:6000]) + "<https://example.org/a> <b> .\n", encoding="utf-8")
    with pytest.raises(SyntaxErrorInFile, match=r"broken\.nq:6001:"):
        open_store(path=directory, source=broken)
    assert digests(directory) == before
    assert leftovers(tmp_path) == []
    with open_store(path=directory, source=source) as kg:
        assert _count(kg) == size


def test_a_store_held_by_another_process_is_not_replaced(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    open_store(path=directory, source=source).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(directory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        before = digests(directory)
        with open_store(path=directory, source=source) as kg:  # up to date: read-only, shared
            assert kg.query(FACT_TRIPLE).boolean is True
        changed = tmp_path / "changed.nt"
        changed.write_text(OTHER, encoding="utf-8")
        with pytest.raises(BadInputError, match=r"in use by another process .*LOCK is held"):
            open_store(path=directory, source=changed)
        assert digests(directory) == before
        assert leftovers(tmp_path) == []
    finally:
        holder.communicate("")


HOLD = "import sys, pyoxigraph\ns = pyoxigraph.Store(sys.argv[1])\nprint('holding', flush=True)\n"
HOLD += "sys.stdin.read()\n"
"""A process that holds a store open for writing (Oxigraph's lock) until its input ends."""


def test_two_processes_rebuilding_at_once_both_answer(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    open_store(path=directory, source=source).close()
    changed = tmp_path / "changed.nq"
    changed.write_text(OTHER.replace(" .", " <https://example.org/g> ."), encoding="utf-8")
    command = [str(Path(sys.executable).with_name("anyi-kg")), "query", COUNT_ALL, "-f", "csv"]
    command += ["--store", str(directory), "--source", str(changed)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    answers = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], answers
    assert [out.splitlines() for out, _ in answers] == [[b"n", b"1"]] * 2
    assert leftovers(tmp_path) == []


def test_two_handles_on_one_store_at_once(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    with (
        open_store(path=directory, source=source) as first,
        open_store(path=directory, source=source) as second,
    ):
        assert _count(first) == _count(second) > 6000


def test_a_store_of_an_earlier_version_is_rebuilt(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    old = ox.Store(str(directory))
    old.add(ox.Quad(ox.NamedNode("https://example.org/a"), RDF_TYPE, ox.NamedNode(OLD)))
    old.flush()
    del old
    (directory / "anyi-kg.loaded").write_text("an earlier version's stamp\n", encoding="utf-8")
    with open_store(path=directory, source=source) as kg:
        assert kg.query(f"ASK {{ ?s a <{OLD}> }}").boolean is False
        assert kg.query(FACT_TRIPLE).boolean is True
    assert not (directory / "anyi-kg.loaded").exists()


OLD = "https://example.org/FromAnEarlierLoad"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


# ---- an on-disk store keeps its search index ------------------------------------------------

INDEX = "labels.sqlite"
SEARCHED = ["安义", "安义县", "铝型材", "anyi", "anyix", "ayx", "kangjia", "konka gr", "zhanlve"]


def _refuse_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    def build(*args: object, **kwargs: object) -> LabelIndex:
        raise AssertionError("the search index was built again")

    monkeypatch.setattr(LabelIndex, "build", build)


def test_a_loaded_store_holds_its_index_and_reopens_it(
    source: Path, tmp_path: Path, kg: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "store"
    with open_store(path=directory, source=source) as first:
        assert first.has_label_index()  # opened with the store, before any search
    index = directory / INDEX
    before = index.stat()
    expected = [(kg.search(text, 500), kg.search(text, 3)) for text in SEARCHED]
    assert all(many and few for many, few in expected)
    _refuse_builds(monkeypatch)
    with open_store(path=directory, source=source) as again:
        assert again.has_label_index()
        assert [(again.search(t, 500), again.search(t, 3)) for t in SEARCHED] == expected
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )


def test_a_store_without_an_index_searches_and_stays_as_it_was(
    source: Path, tmp_path: Path, kg: OxigraphStore
) -> None:
    """A store that the previous version loaded (its marker, no index) is not rebuilt: its
    search builds the index in memory, and nothing is written into the directory."""
    directory = tmp_path / "store"
    open_store(path=directory, source=source).close()
    (directory / INDEX).unlink()
    before = digests(directory)
    with open_store(path=directory, source=source) as kg_disk:
        assert not kg_disk.has_label_index()
        assert [kg_disk.search(t) for t in SEARCHED] == [kg.search(t) for t in SEARCHED]
        assert kg_disk.has_label_index()
    assert digests(directory) == before


def test_an_index_of_another_version_is_not_read(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    open_store(path=directory, source=source).close()
    with sqlite3.connect(directory / INDEX) as db:
        db.execute("PRAGMA user_version = 999")
    with open_store(path=directory, source=source) as kg_disk:
        assert not kg_disk.has_label_index()
        assert kg_disk.search("康佳", 1)[0].iri.endswith("/konka-group")


@pytest.mark.parametrize("damage", ["not a database", "no tables"])
def test_a_damaged_index_is_not_read_nor_rewritten(
    source: Path, tmp_path: Path, damage: str
) -> None:
    """An index file that is no SQLite database, or one of this version without its tables, is
    left as it is; the store searches with an index built in memory."""
    from anyi_kg.store.search import _VERSION

    directory = tmp_path / "store"
    open_store(path=directory, source=source).close()
    (directory / INDEX).unlink()
    if damage == "not a database":
        (directory / INDEX).write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    else:
        with sqlite3.connect(directory / INDEX) as db:
            db.execute(f"PRAGMA user_version = {_VERSION}")
    before = (directory / INDEX).read_bytes()
    with open_store(path=directory, source=source) as kg_disk:
        assert not kg_disk.has_label_index()
        assert kg_disk.search("康佳", 1)[0].iri.endswith("/konka-group")
    assert (directory / INDEX).read_bytes() == before


def test_a_stale_store_gets_the_index_of_its_new_source(source: Path, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    with open_store(path=directory, source=source) as kg_disk:
        assert kg_disk.search("康佳")
    old = (directory / INDEX).stat().st_ino
    changed = tmp_path / "changed.nt"
    changed.write_text(NAMED, encoding="utf-8")
    with open_store(path=directory, source=changed) as kg_disk:
        assert kg_disk.has_label_index()
        assert kg_disk.search("康佳") == []
        [hit] = kg_disk.search("ceshi")
        assert (hit.iri, hit.label_zh, hit.matched) == ("https://example.org/x", "测试", "测试")
        assert hit.types == ("https://example.org/Thing",)
    assert (directory / INDEX).stat().st_ino != old


NAMED = (
    '<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "测试"@zh .\n'
    "<https://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://example.org/Thing> .\n"
)


def test_the_server_searches_a_store_with_an_index_without_building(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anyi_kg.server import create_app

    directory = tmp_path / "store"
    open_store(path=directory, source=source).close()
    _refuse_builds(monkeypatch)
    with (
        open_store(path=directory, source=source) as kg_disk,
        TestClient(create_app(kg_disk), base_url="http://127.0.0.1:8000") as client,
    ):
        hits = client.get("/search", params={"q": "康佳"}, headers={"Accept": "application/json"})
        assert hits.json()[0]["iri"].endswith("/konka-group")
        assert client.app.state.site._index is None  # type: ignore[attr-defined]
