"""``anyi-kg export``: every format reads back to the graph it was written from."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from anyi_kg.cli import main
from anyi_kg.errors import BadInputError
from anyi_kg.export import export
from anyi_kg.store import OxigraphStore

KG = "https://w3id.org/anyi-kg/id/"


def _triples(quads: list[ox.Quad]) -> set[str]:
    """Triples without blank nodes, as text: what must survive any syntax unchanged."""
    return {
        str(q.triple)
        for q in quads
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("nquads", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_rdf_formats_read_back(
    kg: OxigraphStore, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat
) -> None:
    (path,) = export(kg, fmt, tmp_path / f"out.{fmt}")
    back = list(ox.parse(path=str(path), format=rdf_format))
    original = list(kg.quads())
    assert _triples(back) == _triples(original)
    assert len({q.triple for q in back}) == len({q.triple for q in original})
    if fmt in ("nquads", "trig"):  # the others hold the union of the graphs
        assert {str(q.graph_name) for q in back} == {str(q.graph_name) for q in original}


def test_line_formats_are_sorted_and_deterministic(kg: OxigraphStore, tmp_path: Path) -> None:
    (first,) = export(kg, "nt", tmp_path / "a.nt")
    (second,) = export(kg, "nt", tmp_path / "b.nt")
    lines = first.read_bytes().splitlines()
    assert lines == sorted(lines) and first.read_bytes() == second.read_bytes()


def test_jsonld_has_the_project_context(kg: OxigraphStore, tmp_path: Path) -> None:
    (path,) = export(kg, "jsonld", tmp_path / "anyi-kg.jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["kg"] == KG
    assert any(node.get("@id") == "kg:konka-group" for node in document["@graph"])


def test_csv_per_class(kg: OxigraphStore, tmp_path: Path) -> None:
    written = export(kg, "csv", tmp_path / "csv")
    names = {path.name for path in written}
    assert {"ak_Company.csv", "ak_Observation.csv", "ak_Honour.csv"} <= names
    with (tmp_path / "csv" / "ak_Company.csv").open(encoding="utf-8") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    konka = rows["kg:konka-group"]
    assert (konka["rdfs:label@zh"], konka["rdfs:label@en"]) == ("康佳集团", "Konka Group")
    assert rows["kg:mubang-hi-tech"]["ak:isListedCompany"] == "true"
    assert rows["kg:mubang-hi-tech"]["ak:investsIn"] == "kg:jierui-equipment-production-base"


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_network_formats_for_gephi(kg: OxigraphStore, tmp_path: Path, suffix: str) -> None:
    (path,) = export(kg, suffix, tmp_path / f"anyi-kg.{suffix}")
    net = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
    assert KG + "konka-group" in net
    assert net.has_edge(KG + "new-materials-cluster", KG + "konka-group")


def test_unknown_format(kg: OxigraphStore, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="valid: turtle, nt"):
        export(kg, "xlsx", tmp_path / "x")


def test_cli_export(dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "graph.ttl"
    assert main(["export", "turtle", "--out", str(out), "--source", str(dataset)]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    assert "kg:konka-group" in out.read_text(encoding="utf-8")
