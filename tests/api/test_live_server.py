"""`kg serve` as a real process: empty on-disk store → seeds ingested → real SPARQL clients get answers."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from kg.model import ACTOR, CKG

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(process: subprocess.Popen, url: str, log: Path) -> None:
    """Poll /health until it answers; fail with the server's output if it dies or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"kg serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"kg serve did not answer /health within {STARTUP_SECONDS} s:\n{log.read_text()}")


TIMEOUT_SECONDS = 3
MAX_RESULTS = 100


@contextmanager
def kg_serve(directory: Path, **settings: str) -> Iterator[tuple[str, Path]]:
    """A `kg serve` process on a free loopback port over an empty on-disk store in `directory`, with
    KG_* `settings` (e.g. KG_API_TOKEN="…"); yields its base URL and its log file."""
    port, log = free_port(), directory / "serve.log"
    env = os.environ | {
        "KG_STORE": str(directory / "kg"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("KG_API_TOKEN", None)
    env |= settings
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(process, url, log)
        yield url, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Embedded store only (not the `backend` parameter): each `kg serve` costs seconds (spaCy, the seeds), and what
# these tests add over the in-process API tests is the worker-process design: an explosive query killed at
# KG_QUERY_TIMEOUT. On an external engine the engine evaluates the query, so that is the engine's own timeout.
# The app and the CLI opened from KG_STORE=sparql+http://… are tested in tests/kg/store/test_remote.py.
@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The base URL of a `kg serve` without a token (seeds ingested at start)."""
    with kg_serve(
        tmp_path_factory.mktemp("live"), KG_QUERY_TIMEOUT=str(TIMEOUT_SECONDS), KG_MAX_RESULTS=str(MAX_RESULTS)
    ) as (url, _):
        yield url


@pytest.mark.slow
def test_live_server_answers_sparqlwrapper_and_rdflib(live_server):
    assert httpx.get(f"{live_server}/health").json()["articles"] >= 1

    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(f"SELECT ?who ?whom WHERE {{ ?who <{CKG.backs}> ?whom }}")
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert (str(ACTOR["iran"]), str(ACTOR["assad-regime"])) in {
        (b["who"]["value"], b["whom"]["value"]) for b in bindings
    }

    graph = Graph(store=SPARQLStore(query_endpoint=f"{live_server}/sparql"))
    constructed = graph.query(f"CONSTRUCT {{ ?who <{CKG.backs}> ?whom }} WHERE {{ ?who <{CKG.backs}> ?whom }}")
    assert (ACTOR["iran"], CKG.backs, ACTOR["assad-regime"]) in set(constructed)


@pytest.mark.slow
def test_live_server_speaks_xml_and_turtle_to_sparqlwrapper(live_server):
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(f"SELECT ?who WHERE {{ ?who <{CKG.backs}> <{ACTOR['assad-regime']}> }}")
    client.setReturnFormat(XML)
    document = client.query().convert()  # an xml.dom.minidom Document
    assert str(ACTOR["iran"]) in [node.firstChild.data for node in document.getElementsByTagName("uri")]

    client.setQuery(f"CONSTRUCT {{ ?who <{CKG.backs}> ?whom }} WHERE {{ ?who <{CKG.backs}> ?whom }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (ACTOR["iran"], CKG.backs, ACTOR["assad-regime"]) in graph


@pytest.mark.slow
def test_live_server_stops_an_explosive_query_and_answers_the_next(live_server):
    explosive = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
    started = time.monotonic()
    answer = httpx.get(f"{live_server}/sparql", params={"query": explosive}, timeout=60)
    elapsed = time.monotonic() - started
    # Stopped by a limit: the time limit, or the query process's memory cap when the cube grows faster.
    assert answer.status_code == 503
    assert "KG_QUERY_TIMEOUT" in answer.json()["detail"] or "KG_QUERY_MEMORY_MB" in answer.json()["detail"]
    assert elapsed < TIMEOUT_SECONDS + 1
    cheap = httpx.get(f"{live_server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert cheap.status_code == 200 and cheap.json()["boolean"] is True


@pytest.mark.slow
def test_live_server_caps_results_and_says_so(live_server):
    answer = httpx.get(
        f"{live_server}/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert answer.status_code == 200 and answer.headers["X-KG-Truncated"] == "true"
    assert len(answer.json()["results"]["bindings"]) == MAX_RESULTS
