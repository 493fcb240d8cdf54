"""``anyi-kg query``, ``search``, ``export``: formats, parameters and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from anyi_kg.cli import main
from anyi_kg.errors import EXIT_BAD_INPUT, EXIT_OK


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["query", "--list"], capsys)
    assert code == EXIT_OK
    assert "indicator-series\n  What values has an indicator taken" in out
    assert "  parameters: indicator (IRI), subject (IRI)" in out


def test_named_query_with_parameters_in_every_format(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["query", "indicator-series", "-p", "indicator=indicator:industrial-vat"]
    base += ["--source", str(dataset)]
    code, out, _ = run([*base, "-f", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == EXIT_OK and [r["value"] for r in rows] == ["184000000", "429000000"]
    assert [r["year"] for r in rows] == ["2020", "2023"]
    _, out, _ = run([*base, "-f", "json"], capsys)
    bindings = json.loads(out)["results"]["bindings"]
    assert bindings[0]["year"] == {
        "type": "literal",
        "value": "2020",
        "datatype": "http://www.w3.org/2001/XMLSchema#gYear",
    }
    _, out, _ = run([*base, "-f", "tsv"], capsys)
    assert out.splitlines()[0].startswith("?indicator\t?indicator_zh\t?subject")
    _, out, _ = run([*base, "-f", "md"], capsys)
    assert out.splitlines()[1].startswith("|---|")
    _, out, _ = run(base, capsys)
    assert "1.84亿元" in out and out.endswith("(2 rows)\n")


def test_file_text_and_stdin_queries(
    dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rq = tmp_path / "konka.rq"
    rq.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?entity ?label WHERE { ?entity rdfs:label ?label } ORDER BY ?label",
        encoding="utf-8",
    )
    source = ["--source", str(dataset)]
    code, out, _ = run(
        ["query", str(rq), "-p", "entity=kg:konka-group", *source, "-f", "csv"], capsys
    )
    assert code == EXIT_OK and out.splitlines() == [
        "entity,label",
        "https://w3id.org/anyi-kg/id/konka-group,Konka Group",
        "https://w3id.org/anyi-kg/id/konka-group,康佳集团",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { ?s ?p ?o }"))
    assert (
        run(["query", "-", *source, "-f", "json"], capsys)[1]
        == '{\n "head": {},\n "boolean": true\n}\n'
    )


def test_construct_as_turtle_and_jsonld(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["query", "entity-card", "-p", "entity=kg:konka-group", "--source", str(dataset)]
    _, out, _ = run(base, capsys)
    assert "kg:konka-group a ak:Company" in out and '"康佳集团"@zh' in out
    _, out, _ = run([*base, "-f", "jsonld"], capsys)
    assert json.loads(out)["@context"]["kg"] == "https://w3id.org/anyi-kg/id/"


def test_a_parameter_binds_a_variable_not_selected(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 新材料产业集群…行业龙头康佳集团: the one subject of ak:hasLeadingEnterprise is the cluster
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"
    args = ["query", query, "-p", "p=ak:hasLeadingEnterprise", "--source", str(dataset)]
    code, out, _ = run(args, capsys)
    assert code == 0 and "kg:new-materials-cluster" in out and "(1 row)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-question"], "valid names: adopted-programmes, class-counts"),
        (["query", "honours", "-p", "who=kg:x"], "valid: recipient (IRI), level (IRI)"),
        (["query", "honours", "-p", "level=national"], "not a CURIE with a known prefix"),
        (["query", "figures-in-year", "-p", "year=soon"], "'soon' is not a valid xsd:gYear"),
        (["query", "SELECT ?s WHERE { ?s ?p }"], "<query>:1:26: expected"),
        (["query", "honours", "-p", "novalue"], "a parameter is KEY=VALUE"),
        (["query"], "give a named query"),
        (["query", "missing-file.rq"], "cannot read missing-file.rq"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    args: list[str], message: str, dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([*args, "--source", str(dataset)], capsys)
    assert code == EXIT_BAD_INPUT
    assert message in err and "Traceback" not in err


def test_timeout_stops_the_query(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    code, _, err = run(["query", endless, "--timeout", "0.5", "--source", str(dataset)], capsys)
    assert code == EXIT_BAD_INPUT and "query stopped after 0.5 s (timeout)" in err


def test_rdflib_backend_gives_the_same_table(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["query", "investments", "--source", str(dataset), "-f", "csv"]
    assert run(args, capsys)[1] == run([*args, "--backend", "rdflib"], capsys)[1]


def test_search(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "kangjia", "--source", str(dataset), "-f", "csv"], capsys)
    assert code == EXIT_OK
    assert out.splitlines()[1].startswith("https://w3id.org/anyi-kg/id/konka-group,康佳集团,")
