"""The store back-ends the store and API tests run on (a pytest plugin, loaded by tests/conftest.py).

`embedded` is pyoxigraph in this process (an on-disk store, the product's default); `server` is a real
`oxigraph serve` process (from the `oxigraph` PyPI package) and `virtuoso` a real Virtuoso Open Source
(Debian's `virtuoso-opensource`, configured as README says), each on free loopback ports and reached
through kg.store.remote over HTTP. A test takes the `backend` parameter through `fresh_store`,
`store_location` or (in tests/api) `seeded_store` and `client`, so the same test body runs once per
back-end; the engine runs are marked `slow`. Two processes of each engine serve the session: one holds
the seeds (read-only), the other is emptied (its graphs cleared, then the store reloads the ontology) for
each test that writes.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kg.pipeline.loader import ArticleLoader
from kg.store import open_store

BACKENDS = [
    "embedded",
    pytest.param("server", marks=pytest.mark.slow),
    pytest.param("virtuoso", marks=pytest.mark.slow),
]
STARTUP_SECONDS = 30
VIRTUOSO_STARTUP_SECONDS = 120  # a new database takes ~20 s here, more on a busy machine
ENGINE_SERVERS = {"server": "oxigraph", "virtuoso": "virtuoso"}  # backend → fixture-name prefix


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """On Linux, the server gets SIGTERM when pytest dies, even when killed before its teardown."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


class OxigraphServer:
    """One `oxigraph serve --location DIRECTORY` on a free loopback port."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            pytest.fail("the `oxigraph` command is missing: `pip install oxigraph` (the server back-end tests need it)")
        self.base = f"http://127.0.0.1:{free_port()}"
        self.log = directory / "oxigraph.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [binary, "serve", "--location", str(directory / "data"), "--bind", self.base.removeprefix("http://")],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        _wait_until_up(self, f"{self.base}/query", STARTUP_SECONDS, "oxigraph serve")

    @property
    def location(self) -> str:
        """What KG_STORE is set to for this server."""
        return f"sparql+{self.base}/query"

    def clear(self) -> None:
        """Empty every graph (the next store opened reloads the ontology)."""
        httpx.post(
            f"{self.base}/update",
            content=b"DROP ALL",
            timeout=30,
            headers={"Content-Type": "application/sparql-update"},
        ).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# What README's Virtuoso section gives: loopback only, the anonymous SPARQL user may update, answers capped at
# 20,000 rows (above KG_MAX_RESULTS + 1, which a pattern's LIMIT asks for; low enough that a test can
# meet the cap), ORDER BY … LIMIT allowed as far, a 60 s engine-side query limit.
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
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
MaxSortedTopRows = 20000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 20000
MaxQueryExecutionTime = 60
"""
VIRTUOSO_GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL";'


class VirtuosoServer:
    """One `virtuoso-t` with its own database directory and generated virtuoso.ini, on free loopback ports."""

    def __init__(self, directory: Path) -> None:
        binary, self.isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        if binary is None or self.isql is None:
            pytest.fail(
                "virtuoso-t is missing: `apt-get install virtuoso-opensource` (the Virtuoso back-end tests need it)"
            )
        self.sql_port, http_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{http_port}"
        (directory / "virtuoso.ini").write_text(
            VIRTUOSO_INI.format(dir=directory, sql_port=self.sql_port, http_port=http_port)
        )
        self.log = directory / "virtuoso.out"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(directory / "virtuoso.ini")],
                cwd=directory,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        _wait_until_up(self, f"{self.base}/sparql", VIRTUOSO_STARTUP_SECONDS, "virtuoso-t")
        self.sql(VIRTUOSO_GRANTS)
        self.own_graphs = self.graphs()  # Virtuoso's system graphs, which `clear` leaves alone

    @property
    def location(self) -> str:
        """What KG_STORE (and KG_STORE_UPDATE: the same endpoint) is set to for this server."""
        return f"sparql+{self.base}/sparql"

    def sql(self, statements: str) -> str:
        """Run SQL as the dba (default password) through isql; fails the test on an error."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            pytest.fail(f"isql failed on {statements!r}:\n{done.stdout}{done.stderr}")
        return done.stdout

    def graphs(self) -> set[str]:
        """Every graph holding a triple: by SQL on the quad table's graph index (SPARQL's GRAPH ?g scans every quad)."""
        listing = self.sql("SELECT DISTINCT id_to_iri(G) FROM DB.DBA.RDF_QUAD;")
        rows = [row.strip() for row in listing.split("_" * 20, 1)[-1].splitlines()]
        return {row for row in rows if row and not row.startswith("_") and not row.endswith("msec.")}

    def clear(self) -> None:
        """Drop every graph a test wrote (the next store opened reloads the ontology); Virtuoso's own graphs stay."""
        for graph in sorted(self.graphs() - self.own_graphs):
            httpx.post(
                f"{self.base}/sparql",
                content=f"DROP SILENT GRAPH <{graph}>".encode(),
                timeout=60,
                headers={"Content-Type": "application/sparql-update"},
            ).raise_for_status()

    def stop(self) -> None:
        OxigraphServer.stop(self)


def _wait_until_up(server, url: str, seconds: float, name: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"{name} exited with {server.process.returncode}:\n{server.log.read_text()}")
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    server.stop()
    pytest.fail(f"{name} did not answer within {seconds} s:\n{server.log.read_text()}")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """`embedded` or `server`: the back-end the requesting test runs on this time."""
    return request.param


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """The scratch `oxigraph serve` for tests that write (emptied by `store_location`)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-scratch"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """The scratch Virtuoso for tests that write (emptied by `store_location`)."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-scratch"))
    yield server
    server.stop()


@pytest.fixture
def store_location(backend, tmp_path, request) -> str:
    """KG_STORE for an empty store on the back-end: a new directory, or the scratch server emptied."""
    if backend == "embedded":
        return str(tmp_path / "kg")
    server = request.getfixturevalue(f"{ENGINE_SERVERS[backend]}_server")  # started only when its tests run
    server.clear()
    return server.location


@pytest.fixture
def fresh_store(store_location):
    """An empty store (ontology only) on the back-end, for tests that write."""
    store = open_store(store_location)
    yield store
    store.close()


def _seeded(server, extractor, seed_articles):
    store = open_store(server.location)
    loader = ArticleLoader(store, extractor)
    for article in seed_articles:
        loader.load(article)
    return store


@pytest.fixture(scope="session")
def seeded_server_store(extractor, seed_articles, tmp_path_factory):
    """The seed articles ingested into their own `oxigraph serve`; tests must not write to it."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-seeded"))
    store = _seeded(server, extractor, seed_articles)
    yield store
    store.close()
    server.stop()


@pytest.fixture(scope="session")
def seeded_virtuoso_store(extractor, seed_articles, tmp_path_factory):
    """The seed articles ingested into their own Virtuoso; tests must not write to it."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-seeded"))
    store = _seeded(server, extractor, seed_articles)
    yield store
    store.close()
    server.stop()
