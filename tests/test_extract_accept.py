"""Accepting a draft as a new source, and the review diff, on a county report of our own writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from anyi_kg.cli.main import main
from anyi_kg.graph.build import validate
from anyi_kg.paths import GRAPH_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
LANXI = FIXTURES / "lanxi-county.txt"
SEED = GRAPH_DIR / "sources" / "000_14a3bcd6bc545aa4.txt"
ABOUT = ["--title", "澜溪县工业发展情况", "--title-en", "Industrial development of Lanxi County",
         "--publisher", "澜溪日报", "--date", "2024-05-01"]  # fmt: skip


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    copy = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, copy)
    return copy


def _draft(graph: Path, tmp_path: Path) -> Path:
    out = tmp_path / "draft.ttl"
    assert main(["extract", str(LANXI), "-o", str(out), "--graph", str(graph)]) == 0
    return out


def test_accept_writes_one_source_that_builds_with_the_seed(graph: Path, tmp_path: Path) -> None:
    draft = _draft(graph, tmp_path)
    argv = ["extract", "accept", str(draft), "--text", str(LANXI), "--into", str(graph), *ABOUT]
    argv += ["--graph", str(graph)]  # a copy of graph/, not matched with graph/ itself
    assert main(argv) == 0
    (text,) = [p for p in (graph / "sources").glob("*.txt") if p.name != SEED.name]
    source = text.stem
    assert source.startswith("001_") and text.read_bytes() == LANXI.read_bytes()
    turtle = (graph / f"{source}.ttl").read_text(encoding="utf-8")
    assert turtle.startswith(f"@base <https://w3id.org/anyi-kg/source/{source}> .")
    assert '"澜溪日报"@zh' in turtle and '"2024-05-01"^^xsd:date' in turtle
    assert "<#char=" in turtle and "review:reviewed" in turtle and "unreviewed" not in turtle
    assert "prov:wasGeneratedBy" in turtle  # still says the draft was machine-made
    assert sorted(p.name for p in graph.glob("*.ttl")) == sorted(
        [
            f"{source}.ttl",
            "entities.ttl",
            "observations.ttl",
            "regions.ttl",
            "relations.ttl",
            "source.ttl",
        ]
    )
    validate(graph)  # the seed and the new source together pass the build's checks
    before = {p: p.read_bytes() for p in graph.rglob("*") if p.is_file()}
    assert main(argv) == 2  # the same text again: refused, nothing changed
    assert {p: p.read_bytes() for p in graph.rglob("*") if p.is_file()} == before


def test_accept_refuses_a_draft_of_another_text_and_missing_options(
    graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = _draft(graph, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(LANXI.read_text(encoding="utf-8") + "补记一句。", encoding="utf-8")
    files = sorted(graph.rglob("*"))
    assert main(["extract", "accept", str(draft), "--text", str(other), "--into", str(graph),
                 *ABOUT]) == 2  # fmt: skip
    assert "other.txt (sha256" in capsys.readouterr().err
    assert main(["extract", "accept", str(draft), "--text", str(LANXI), "--into", str(graph)]) == 2
    assert "missing: --title --title-en --publisher" in capsys.readouterr().err
    assert sorted(graph.rglob("*")) == files


def test_diff_of_the_seed_names_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--diff", "--cold", str(SEED)]) == 0
    out = capsys.readouterr().out
    # 接近翻番 (nearly doubled) is in the graph, and the draft does not read it yet.
    assert "missing (" in out and "fact:obs-gross-industrial-output-growth-multiple" in out
    assert out.splitlines()[0].startswith("same ")


def test_diff_of_a_new_report_has_nothing_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--diff", str(LANXI)]) == 0
    out = capsys.readouterr().out
    assert "missing 0" in out.splitlines()[0] and "new (" in out


def test_evaluate_prints_the_cold_table_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--evaluate"]) == 0
    header, _rule, *rows = capsys.readouterr().out.splitlines()
    assert header.split("|")[6:10] == [" cold P ", " cold R ", " warm P ", " warm R "]
    families = [r.split("|")[1].strip() for r in rows]
    for family in ("observations", "rankings", "conferrals", "investments", "links"):
        assert family in families
    assert "entities (all classes)" in families


@pytest.mark.parametrize(
    ("about", "message"),
    [
        ("kg:konka-group", "kg:konka-group is not a region of the draft or the graph (--about)"),
        ("nowhere:x", "is not a CURIE with a known prefix"),
        ("<not an iri>", "not an IRI"),
    ],
)
def test_accept_refuses_an_about_that_is_not_a_region(
    graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], about: str, message: str
) -> None:
    draft = _draft(graph, tmp_path)
    files = {p: p.read_bytes() for p in graph.rglob("*") if p.is_file()}
    argv = ["extract", "accept", str(draft), "--text", str(LANXI), "--into", str(graph), *ABOUT]
    assert main([*argv, "--graph", str(graph), "--about", about]) == 2
    err = capsys.readouterr().err
    assert message in err.replace("https://w3id.org/anyi-kg/id/", "kg:") and "Traceback" not in err
    assert {p: p.read_bytes() for p in graph.rglob("*") if p.is_file()} == files
