"""Bad input to the ``anyi-kg`` command: an exit code, one line that says what is wrong, no
traceback, and nothing lost (issue 18).

Each case runs the command's ``main`` against a workspace of hostile files: text in Latin-1
where UTF-8 belongs, empty files, directories where files belong and files where directories
belong, a named pipe, another program's Oxigraph store, a directory of the user's own. Where a
case names a path to keep, every byte of it is compared before and after. The cases of
``REAL`` also run as the installed ``anyi-kg`` in a process of its own, so that what reaches
a terminal (warnings, anything printed at exit) is checked too.
"""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from digests import digests, leftovers
from servers import free_port

from anyi_kg.cli import main
from anyi_kg.export import export
from anyi_kg.store import OxigraphStore, open_store

ANYI_KG = str(Path(sys.executable).with_name("anyi-kg"))
QUERY = 'SELECT * WHERE { ?s ?p "café" }'
LATIN1 = QUERY.encode("latin-1")  # é is 0xe9 at byte 27 in Latin-1; UTF-8 would be 0xc3 0xa9
QUAD = '<https://example.org/a> <https://example.org/b> "café" .\n'.encode("latin-1")
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass(frozen=True)
class Case:
    """``anyi-kg ARGS`` run in the workspace: exit 2 and a piece of its one-line message.

    ``{w}`` is the workspace, ``{nq}`` the built dataset, ``{port}`` a port nobody listens
    on; ``keep`` names a path of the workspace whose bytes must not change.
    """

    name: str
    args: tuple[str | bytes, ...]
    message: str
    keep: str | None = None
    stdin: bytes = b""


def case(name: str, args: str, message: str, keep: str | None = None) -> Case:
    return Case(name, tuple(args.split()), message, keep)


# fmt: off
CASES = [
    # query: the query itself
    case("query-latin1-file", "query {w}/latin1.rq",
         "latin1.rq: not UTF-8 text (byte 0xe9 at offset 27)"),
    Case("query-latin1-stdin", ("query", "-"),
         "<stdin>: not UTF-8 text (byte 0xe9 at offset 27)", stdin=LATIN1),
    Case("query-latin1-argument", ("query", LATIN1),
         "<query>: not UTF-8 text (byte 0xe9 at offset 27)"),
    case("query-check-latin1", "query --check {w}/latin1.rq",
         "not UTF-8 text (byte 0xe9 at offset 27)"),
    case("query-directory", "query {w}/folder", "folder is a directory, not a query"),
    case("query-directory-rq", "query {w}/folder.rq", "folder.rq is a directory, not a query"),
    case("query-empty-file", "query {w}/empty.rq", "empty.rq:1:1: "),
    case("query-param-twice", "query honours -p level=level:national -p level=level:provincial",
         "parameter 'level' given twice ('level:national' and 'level:provincial'); give it once"),
    Case("query-param-latin1", ("query", "honours", "-p", b"level=caf\xe9"),
         "--param: not UTF-8 text (byte 0xe9 at offset 9)"),
    case("query-timeout-negative", "query class-counts --timeout -1",
         "argument --timeout: not a number of seconds (0 or more): '-1'"),
    case("query-timeout-infinite", "query class-counts --timeout inf",
         "argument --timeout: not a number of seconds (0 or more): 'inf'"),
    case("query-timeout-nan", "query class-counts --timeout nan",
         "argument --timeout: not a number of seconds (0 or more): 'nan'"),
    case("query-endpoint-and-store", "query class-counts --endpoint http://127.0.0.1:9/q --store s",
         "--endpoint queries a server: it cannot go with --store, --source or --backend"),
    case("query-store-and-rdflib", "query class-counts --backend rdflib --store {w}/s",
         "--store is an Oxigraph store: it cannot go with --backend rdflib"),
    # query: the graph it asks (--source, --backend rdflib)
    case("source-latin1", "query class-counts --source {w}/latin1.nq",
         "latin1.nq:1:53: Parser error at line 1 column 53: Invalid UTF-8"),
    case("source-not-rdf", "query class-counts --source {w}/x.py",
         "x.py: not the name of an RDF file"),
    case("source-directory", "query class-counts --source {w}/folder", "folder: it is a directory"),
    case("rdflib-latin1", "query class-counts --backend rdflib --source {w}/latin1.nq",
         "latin1.nq:1:53: "),
    case("rdflib-not-rdf", "query class-counts --backend rdflib --source {w}/x.py",
         "x.py: not the name of an RDF file"),
    case("rdflib-directory", "query class-counts --backend rdflib --source {w}/folder",
         "folder: it is a directory"),
    case("rdflib-missing", "query class-counts --backend rdflib --source {w}/missing.nq",
         "cannot load {w}/missing.nq: No such file or directory"),
    # --store DIR: anything but an anyi-kg store, or a new or empty directory, is kept as it was
    case("store-foreign-oxigraph", "query class-counts --store {w}/foreign",
         "foreign holds an Oxigraph store that anyi-kg did not create; refusing to replace it",
         keep="foreign"),
    case("store-user-directory", "query class-counts --store {w}/mine",
         "mine is not empty and anyi-kg did not create it; give a new or empty directory",
         keep="mine"),
    case("store-file", "query class-counts --store {w}/x.py", "x.py is a file, not a directory",
         keep="x.py"),
    case("store-with-a-user-file", "query class-counts --store {w}/ours-plus --source {w}/a.nt",
         "ours-plus holds files that anyi-kg did not write (notes.txt)", keep="ours-plus"),
    case("store-csv-export", "query class-counts --store {w}/csv",
         "csv holds an anyi-kg CSV export, not a store", keep="csv"),
    # search
    case("search-limit-0", "search 康佳 --limit 0",
         "argument --limit: not a whole number of 1 or more: '0'"),
    case("search-limit-negative", "search 康佳 --limit -5",
         "argument --limit: not a whole number of 1 or more: '-5'"),
    case("search-rdflib-latin1", "search 康佳 --backend rdflib --source {w}/latin1.nq",
         "latin1.nq:1:53: "),
    Case("search-too-long", ("search", "anyi " * 41),
         "a search is at most 200 characters, this one has 205: type a name"),
    # export
    case("export-out-directory", "export turtle --out {w}/folder",
         "folder is a directory; give a file name"),
    case("export-out-under-a-file", "export turtle --out {w}/x.py/out.ttl",
         "cannot write {w}/x.py/out.ttl: {w}/x.py is not a directory", keep="x.py"),
    case("export-out-pipe", "export nt --out {w}/pipe",
         "pipe is not a regular file; refusing to replace it"),
    case("export-csv-into-a-file", "export csv --out {w}/x.py", "x.py is a file, not a directory",
         keep="x.py"),
    case("export-csv-into-user-directory", "export csv --out {w}/mine",
         "mine is not empty and anyi-kg did not create it", keep="mine"),
    case("export-csv-into-a-store", "export csv --out {w}/ours",
         "ours holds an anyi-kg store, not a CSV export", keep="ours"),
    # viz
    case("viz-out-directory", "viz chain -o {w}/folder",
         "cannot write {w}/folder: give a .html, .graphml or .gexf file"),
    case("viz-out-suffix", "viz chain -o {w}/x.py",
         "cannot write {w}/x.py: give a .html, .graphml or .gexf file", keep="x.py"),
    case("viz-out-under-a-file", "viz chain -o {w}/x.py/view.html",
         "{w}/x.py is not a directory", keep="x.py"),
    case("viz-graph-missing", "viz chain --graph {w}/missing -o {w}/v.html",
         "--graph {w}/missing: not a directory of Turtle files (*.ttl)"),
    case("viz-graph-file", "viz chain --graph {w}/x.py -o {w}/v.html",
         "--graph {w}/x.py: not a directory of Turtle files (*.ttl)"),
    case("viz-graph-empty", "viz chain --graph {w}/folder -o {w}/v.html",
         "--graph {w}/folder: not a directory of Turtle files (*.ttl)"),
    case("viz-graph-latin1", "viz chain --graph {w}/turtle -o {w}/v.html", "latin1.ttl:1:53: "),
    # push
    case("push-source-not-rdf", "push http://127.0.0.1:9/store --source {w}/x.py",
         "x.py: not the name of an RDF file"),
    case("push-source-directory", "push http://127.0.0.1:9/store --source {w}/folder",
         "folder: it is a directory"),
    case("push-source-empty", "push http://127.0.0.1:9/store --source {w}/empty.nq",
         "empty.nq holds no triples: nothing to push"),
    case("push-source-latin1", "push http://127.0.0.1:9/store --source {w}/latin1.nq",
         "latin1.nq:1:53: "),
    case("push-not-a-url", "push notaurl", "not an http:// or https:// URL: 'notaurl'"),
    case("push-ftp", "push ftp://127.0.0.1/store",
         "not an http:// or https:// URL: 'ftp://127.0.0.1/store'"),
    case("push-update-not-a-url", "push http://127.0.0.1:9/store --update nowhere",
         "not an http:// or https:// URL: 'nowhere'"),
    case("push-timeout-negative", "push http://127.0.0.1:9/store --timeout -3",
         "argument --timeout: not a number of seconds (0 or more): '-3'"),
    case("push-nobody-there", "push http://127.0.0.1:{port}/store",
         "cannot reach the SPARQL server at http://127.0.0.1:{port}/store"),
    # serve
    case("serve-endpoint-not-a-url", "serve --endpoint notaurl",
         "not an http:// or https:// URL: 'notaurl'"),
    case("serve-endpoint-and-source", "serve --endpoint http://127.0.0.1:9/q --source {nq}",
         "give --endpoint or --source, not both"),
    case("serve-source-latin1", "serve --source {w}/latin1.nq", "latin1.nq:1:53: "),
    case("serve-source-not-rdf", "serve --source {w}/x.py", "x.py: not the name of an RDF file"),
    case("serve-timeout-negative", "serve --timeout -1",
         "argument --timeout: not a number of seconds (0 or more): '-1'"),
    case("serve-port-too-high", "serve --port 99999",  # uvicorn said it was running there
         "argument --port: not a whole number of 1 to 65535: '99999'"),
    case("serve-no-workers", "serve --workers 0",
         "argument --workers: not a whole number of 1 or more: '0'"),
    case("serve-rows-negative", "serve --max-rows -5",
         "argument --max-rows: not a whole number of 0 or more: '-5'"),
    # notebooks
    case("notebooks-html-file", "notebooks --html {w}/x.py", "--html {w}/x.py: not a directory",
         keep="x.py"),
    case("notebooks-missing", "notebooks {w}/missing.ipynb",
         "cannot read notebook {w}/missing.ipynb"),
    case("notebooks-directory", "notebooks {w}/folder", "cannot read notebook {w}/folder"),
    case("notebooks-latin1", "notebooks {w}/latin1.rq", "cannot read notebook {w}/latin1.rq"),
    # locate
    case("locate-path-as-source", "locate 康佳 --source ../../etc/passwd",
         "no source document '../../etc/passwd'"),
    case("locate-occurrence-0", "locate 康佳集团 --occurrence 0", "occurrence 0 out of range 1..1"),
]
REAL = {  # also run as a process of its own: the cases the issue names, one per command
    "query-latin1-file", "query-latin1-stdin", "query-directory", "query-param-twice",
    "rdflib-latin1", "store-foreign-oxigraph", "store-user-directory", "store-file",
    "search-rdflib-latin1", "export-csv-into-user-directory", "viz-out-suffix",
    "push-source-not-rdf", "serve-endpoint-not-a-url", "notebooks-latin1", "locate-occurrence-0",
}
# fmt: on
_DEFAULT_SOURCE = ("query", "search", "export")  # these get --source {nq} unless given one


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, dataset: Path, kg: OxigraphStore) -> Path:
    """The hostile files the cases are run against."""
    w = tmp_path_factory.mktemp("hostile")
    (w / "latin1.rq").write_bytes(LATIN1)
    (w / "latin1.nq").write_bytes(QUAD)
    (w / "turtle").mkdir()
    (w / "turtle" / "latin1.ttl").write_bytes(QUAD)
    (w / "a.nt").write_text(QUAD.decode("latin-1"), encoding="utf-8")
    (w / "x.py").write_text("print('not RDF')\n", encoding="utf-8")
    (w / "empty.rq").touch()
    (w / "empty.nq").touch()
    for folder in ("folder", "folder.rq", "empty-dir", "mine"):
        (w / folder).mkdir()
    (w / "mine" / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    os.mkfifo(w / "pipe")
    foreign = ox.Store(str(w / "foreign"))  # another program's store, with one precious triple
    foreign.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("precious")))
    foreign.flush()
    del foreign
    for store in ("ours", "ours-plus"):
        open_store(path=w / store, source=dataset).close()
    (w / "ours-plus" / "notes.txt").write_text("a note put into the store\n", encoding="utf-8")
    export(kg, "csv", w / "csv")
    return w


@pytest.fixture(scope="module")
def fill(workspace: Path, dataset: Path) -> Callable[[Case], tuple[list[str | bytes], str]]:
    """A case's arguments and message, with the workspace, dataset and port filled in."""
    port = str(free_port())

    def filled(item: Case) -> tuple[list[str | bytes], str]:
        def text(part: str) -> str:
            part = part.replace("{w}", str(workspace)).replace("{nq}", str(dataset))
            return part.replace("{port}", port)

        args = [a if isinstance(a, bytes) else text(a) for a in item.args]
        if args[0] in _DEFAULT_SOURCE and "--source" not in args and "--endpoint" not in args:
            args += ["--source", str(dataset)]
        return args, text(item.message)

    return filled


def _check(item: Case, code: int, err: str, before: dict[str, str], workspace: Path) -> None:
    assert "Traceback" not in err and "Warning" not in err, err
    assert code == 2, err
    if not item.message.startswith("argument "):  # argparse prints its usage first
        assert err.count("\n") == 1 and err.startswith("anyi-kg: error: "), err
    if item.keep:
        assert digests(workspace / item.keep) == before


@pytest.mark.parametrize("item", CASES, ids=lambda c: c.name)
def test_bad_input(
    item: Case,
    workspace: Path,
    fill: Callable[[Case], tuple[list[str | bytes], str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, message = fill(item)
    before = digests(workspace / item.keep) if item.keep else {}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(item.stdin)))
    try:
        code = main([os.fsdecode(a) for a in args])
    except SystemExit as stop:  # argparse's usage errors
        code = int(stop.code or 0)
    err = capsys.readouterr().err
    assert message in err
    _check(item, code, err, before, workspace)


@pytest.fixture(scope="module")
def processes(
    workspace: Path, fill: Callable[[Case], tuple[list[str | bytes], str]]
) -> dict[str, tuple[int, str, dict[str, str]]]:
    """The ``REAL`` cases run by the installed ``anyi-kg`` command, two at a time."""

    def run(item: Case) -> tuple[int, str, dict[str, str]]:
        args, _ = fill(item)
        before = digests(workspace / item.keep) if item.keep else {}
        done = subprocess.run([ANYI_KG, *args], input=item.stdin, capture_output=True, timeout=300)
        return done.returncode, done.stderr.decode("utf-8", "replace"), before

    chosen = [c for c in CASES if c.name in REAL]
    with ThreadPoolExecutor(2) as pool:
        return {
            item.name: answer for item, answer in zip(chosen, pool.map(run, chosen), strict=True)
        }


@pytest.mark.parametrize("item", [c for c in CASES if c.name in REAL], ids=lambda c: c.name)
def test_bad_input_in_a_process(
    item: Case,
    processes: dict[str, tuple[int, str, dict[str, str]]],
    workspace: Path,
    fill: Callable[[Case], tuple[list[str | bytes], str]],
) -> None:
    code, err, before = processes[item.name]
    assert fill(item)[1] in err
    _check(item, code, err, before, workspace)


def test_nothing_is_left_beside_the_targets(processes: dict, workspace: Path) -> None:
    assert leftovers(workspace) == []


# ---- --store DIR that is taken: an up-to-date store, an empty directory ------------------


def test_an_up_to_date_store_is_read_not_written(
    workspace: Path, dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digests(workspace / "ours")
    args = ["query", "class-counts", "--store", str(workspace / "ours"), "--source", str(dataset)]
    assert main(args) == 0 and "ak:Company" in capsys.readouterr().out
    assert digests(workspace / "ours") == before


def test_an_empty_directory_becomes_a_store_with_its_permissions(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "empty"
    directory.mkdir(mode=0o750)
    args = ["query", "class-counts", "--store", str(directory), "--source", str(dataset)]
    assert main(args) == 0 and "ak:Company" in capsys.readouterr().out
    assert (directory / "anyi-kg.json").is_file() and (directory / "CURRENT").is_file()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o750
    assert leftovers(tmp_path) == []


# ---- outputs the user named are replaced whole; nothing else ------------------------------


def test_the_named_output_file_is_replaced_with_its_permissions(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "graph.nt"
    out.write_text("an older export\n", encoding="utf-8")
    out.chmod(0o640)
    assert main(["export", "nt", "--out", str(out), "--source", str(dataset)]) == 0
    assert "konka-group" in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == [] and capsys.readouterr().out == f"{out}\n"


def test_a_csv_export_replaces_an_earlier_one_whole(kg: OxigraphStore, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    export(kg, "csv", out)
    (out / "ak_NoLongerAClass.csv").write_text("id\n", encoding="utf-8")  # from an older graph
    written = export(kg, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [p.name for p in written] + ["anyi-kg.json"]
    )
    assert leftovers(tmp_path) == []


def test_a_failed_export_keeps_the_earlier_file(
    kg: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "graph.ttl"
    out.write_text("the earlier export\n", encoding="utf-8")

    def fail(*args: object) -> bytes:
        raise KeyboardInterrupt  # stopped halfway

    monkeypatch.setattr("anyi_kg.export.rdf_bytes", fail)
    with pytest.raises(KeyboardInterrupt):
        export(kg, "turtle", out)
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert leftovers(tmp_path) == []


# ---- Ctrl-C -------------------------------------------------------------------------------


def test_ctrl_c_stops_the_query_and_its_process(dataset: Path) -> None:
    command = [ANYI_KG, "query", ENDLESS, "--timeout", "120", "--source", str(dataset)]
    run = subprocess.Popen(command, stderr=subprocess.PIPE)
    children = _children(run.pid)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130 and err == b"anyi-kg: interrupted\n"
    for child in children:  # the process that ran the query was killed and reaped
        assert not Path(f"/proc/{child}").exists()


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, once it has started one (the query's)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if found:
            return [int(c) for c in found]
        time.sleep(0.05)
    raise AssertionError("the query process did not start")
