"""The two store back-ends the store and API tests run on (a pytest plugin, loaded by tests/conftest.py).

`embedded` is pyoxigraph in this process (an on-disk store, the product's default); `server` is a real
`oxigraph serve` process (from the `oxigraph` PyPI package) on a free loopback port, reached through
kg.store.remote over HTTP. A test takes the `backend` parameter through `fresh_store`, `store_location`
or (in tests/api) `seeded_store` and `client`, so the same test body runs once per back-end; the
server runs are marked `slow`. Two server processes serve the session: one holds the seeds (read-only),
the other is emptied (DROP ALL, then the store reloads the ontology) for each test that writes.
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

from kg.store import open_store
from kg.store.loader import ArticleLoader

BACKENDS = ["embedded", pytest.param("server", marks=pytest.mark.slow)]
STARTUP_SECONDS = 30


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
            self.process = subprocess.Popen([binary, "serve", "--location", str(directory / "data"),
                                             "--bind", self.base.removeprefix("http://")],
                                            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            preexec_fn=_die_with_parent)
        self._wait_until_up()

    @property
    def location(self) -> str:
        """What KG_STORE is set to for this server."""
        return f"sparql+{self.base}/query"

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                httpx.get(f"{self.base}/query", params={"query": "ASK {}"}, timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        pytest.fail(f"oxigraph serve did not answer within {STARTUP_SECONDS} s:\n{self.log.read_text()}")

    def clear(self) -> None:
        """Empty every graph (the next store opened reloads the ontology)."""
        httpx.post(f"{self.base}/update", content=b"DROP ALL", timeout=30,
                   headers={"Content-Type": "application/sparql-update"}).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


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


@pytest.fixture
def store_location(backend, tmp_path, request) -> str:
    """KG_STORE for an empty store on the back-end: a new directory, or the scratch server emptied."""
    if backend == "embedded":
        return str(tmp_path / "kg")
    server = request.getfixturevalue("oxigraph_server")  # started only when a server test runs
    server.clear()
    return server.location


@pytest.fixture
def fresh_store(store_location):
    """An empty store (ontology only) on the back-end, for tests that write."""
    store = open_store(store_location)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeded_server_store(extractor, seed_articles, tmp_path_factory):
    """The seed articles ingested into their own `oxigraph serve`; tests must not write to it."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-seeded"))
    store = open_store(server.location)
    loader = ArticleLoader(store, extractor)
    for article in seed_articles:
        loader.load(article)
    yield store
    store.close()
    server.stop()
