"""The build and its refusal of bad input (issue 2): exit codes, messages, nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from anyi_kg.cli import main
from anyi_kg.paths import GRAPH_DIR

FIXTURE = Path(__file__).parent / "fixtures" / "build" / "facts.ttl"


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    """A small conforming graph: the source description, its text and the fixture facts."""
    directory = tmp_path / "graph"
    directory.mkdir()
    shutil.copytree(GRAPH_DIR / "sources", directory / "sources")
    shutil.copy(GRAPH_DIR / "source.ttl", directory)
    shutil.copy(FIXTURE, directory)
    return directory


def _build(graph_dir: Path, out: Path) -> int:
    return main(["build", "--graph", str(graph_dir), "--out", str(out)])


def _edit(graph_dir: Path, old: str, new: str) -> None:
    path = graph_dir / FIXTURE.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_graph_builds(graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert _build(graph_dir, out) == 0
    names = {p.name for p in out.iterdir()}
    assert {"anyi-kg.ttl", "anyi-kg.nt", "anyi-kg.nq", "anyi-kg.trig", "anyi-kg.jsonld"} <= names
    assert not [n for n in names if n.endswith(".tmp")]


def test_syntax_error_names_file_line_and_column(
    graph_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (graph_dir / "broken.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/anyi-kg/id/x> rdfs:label "unterminated ;\n',
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    assert _build(graph_dir, out) == 2
    err = capsys.readouterr().err
    assert "broken.ttl:2:" in err
    assert not out.exists()


def test_invalid_iri_is_a_syntax_error(
    graph_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(graph_dir, "ak:refSubject kg:anyi-county", "ak:refSubject <https://w3id.org/anyi kg>")
    out = tmp_path / "dist"
    assert _build(graph_dir, out) == 2
    assert f"{FIXTURE.name}:" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("old", "new", "node", "expected"),
    [
        pytest.param(
            "sdmx-measure:obsValue 41000000000",
            'sdmx-measure:obsValue "abc"^^<http://www.w3.org/2001/XMLSchema#decimal>',
            "fact:obs-gross-industrial-output-to",
            "sdmx-measure:obsValue",
            id="ill-typed-literal",
        ),
        pytest.param(
            '"Anyi County"@en', '"安义"@zh-Hant', "kg:anyi-county", "rdfs:label", id="missing-label"
        ),
        pytest.param(
            "    prov:wasDerivedFrom <#char=2047,2066> .",
            "    .",
            "fact:obs-gross-industrial-output-to",
            "prov:wasDerivedFrom",
            id="fact-without-provenance",
        ),
        pytest.param(
            'oa:exact "全县工业总产值从224亿元到410亿元"',
            'oa:exact "全县工业总产值从224亿元到510亿元"',
            "#char=2047,2066",
            "is not the source text",
            id="quote-not-in-source",
        ),
    ],
)
def test_nonconforming_graph_is_refused(
    graph_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    node: str,
    expected: str,
) -> None:
    _edit(graph_dir, old, new)
    out = tmp_path / "dist"
    assert _build(graph_dir, out) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if node in line]
    assert lines, err
    assert any(expected in line for line in lines), err
    assert not out.exists()


def test_validate_does_not_write(graph_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--graph", str(graph_dir)]) == 0
    assert "conforms" in capsys.readouterr().out


def test_build_is_deterministic(tmp_path: Path) -> None:
    """Twice, once in another process with another hash seed: the same bytes."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert _build(GRAPH_DIR, first) == 0
    subprocess.run(
        [sys.executable, "-m", "anyi_kg.cli", "build", "--out", str(second)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_ontology_html_mentions_every_class(tmp_path: Path) -> None:
    from rdflib.namespace import OWL, RDF

    from anyi_kg.graph.load import load_ontology

    out = tmp_path / "dist"
    assert main(["docs", "--out", str(out)]) == 0
    html = (out / "ontology.html").read_text(encoding="utf-8")
    ontology = load_ontology()
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if str(cls).startswith("https://w3id.org/anyi-kg/ontology#"):
            assert str(cls).split("#")[1] in html, cls


def test_synthetic_graph_of_the_build_benchmark_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``benchmarks/synthetic.py`` writes a graph that passes every check, quotes included."""
    import importlib

    from anyi_kg.paths import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    synthetic = importlib.import_module("synthetic")
    graph = tmp_path / "graph"
    written = synthetic.write_graph(graph, 8_000)
    assert written >= 8_000
    files = sorted(p.stem for p in graph.glob("*.ttl"))
    first = files[0].removesuffix("-1")
    assert files[:3] == [f"{first}-1", f"{first}-2", f"{first}-3"] and "synthetic-shared" in files
    text = (graph / "sources" / f"{first}-1.txt").read_text(encoding="utf-8")
    assert text.startswith("【合成文本】") and "not a real report" in text.splitlines()[0]
    assert _build(graph, tmp_path / "dist") == 0
