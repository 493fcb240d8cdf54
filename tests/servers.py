"""Test servers on 127.0.0.1: the app under uvicorn in a thread, and a canary that records."""

from __future__ import annotations

import http
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn


class Canary:
    """A tiny HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self) -> None:
        seen: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.end_headers()
                self.wfile.write(b"<urn:a> <urn:b> <urn:c> .\n")

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.requests = seen
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free 127.0.0.1 port in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Return once ``port`` accepts connections; fail if ``process`` exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the server exited: {stderr}") from None
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


@contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` (PyPI package ``oxigraph``) on 127.0.0.1; yields its URL."""
    beside = Path(sys.executable).with_name("oxigraph")
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert binary, "the oxigraph server (PyPI package oxigraph) is not installed"
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts and answers each
    with HTTP ``status`` and the body :attr:`BODY`, which no answer of ours may ever quote."""

    BODY = b"canary-body-7f3a: this text came from the listener"

    def __init__(self, status: int = 500) -> None:
        self.connections, self.status = 0, http.HTTPStatus(status)
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    head = (
                        f"HTTP/1.1 {self.status.value} {self.status.phrase}\r\n"
                        f"Content-Type: text/plain\r\nContent-Length: {len(self.BODY)}\r\n\r\n"
                    )
                    conn.sendall(head.encode() + self.BODY)
                except OSError:
                    pass

    def close(self) -> None:
        self._sock.close()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 10
"""
"""A Virtuoso of its own: database, log and both ports (SQL, HTTP) on 127.0.0.1 only; queries
stop after 10 s; answers are not cut at Virtuoso's default of 10000 rows."""
VIRTUOSO_USER = ("dba", "dba")
"""The administrator of a new Virtuoso database: it answers the ``-auth`` endpoints."""


@contextmanager
def virtuoso_serve(directory: Path) -> Iterator[str]:
    """A real Virtuoso 7 (Debian ``virtuoso-opensource``, ``virtuoso-t``) with a new database
    in ``directory``, on free 127.0.0.1 ports; yields its HTTP base URL."""
    binary = shutil.which("virtuoso-t")
    assert binary, "Virtuoso is not installed (apt-get install virtuoso-opensource)"
    directory.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql=free_port(), http=http_port))
    command = [binary, "+foreground", "+configfile", str(ini)]
    process = subprocess.Popen(
        command, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(http_port, process)
        deadline = time.monotonic() + 30
        while httpx.get(f"{url}/sparql", params={"query": "ASK {}"}).status_code != 200:
            assert time.monotonic() < deadline, "Virtuoso's SPARQL endpoint did not answer"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
