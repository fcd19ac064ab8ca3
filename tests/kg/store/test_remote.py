"""What only the external-engine store does: endpoint URLs, clear errors when the engine is away or slow,
escaping on the wire, one request per add, and the product (CLI, app from settings) over `oxigraph serve`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import XSD, Literal, URIRef
from store_backends import free_port
from typer.testing import CliRunner

from api.main import create_app
from kg.cli import app as cli
from kg.config import Settings, get_settings
from kg.model import ONTOLOGY_GRAPH
from kg.query.runner import QueryRunner, QueryTimeout
from kg.store import SparqlHttpStore, StoreError, StoreUnavailable, open_store
from kg.store.dialect import with_values
from kg.store.protocol import endpoint_urls

LOCAL = "http://localhost"  # a Host the app answers (KG_ALLOWED_HOSTS defaults to the local names)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
HOSTILE = [
    'a"b',
    "back\\slash",
    'q\\"} ; DROP ALL #',
    "two\nlines\r\n",
    '"""triple"""',
    "'single'",
    "a\\u0022b",
    "\\U0001F600",
    "nul\x00end",
    "tab\t",
    "é 😀 \u202e",
    "> <urn:x> <urn:y> <urn:z> .",
    "",
]


def test_remote_update_url_is_derived_from_the_query_url_or_given():
    assert endpoint_urls("sparql+http://127.0.0.1:7878/query") == (
        "http://127.0.0.1:7878/query",
        "http://127.0.0.1:7878/update",
    )
    assert endpoint_urls("sparql+https://h/ds/sparql?access-token=t")[1] == "https://h/ds/update?access-token=t"
    assert endpoint_urls("sparql+http://h:8890/sparql", "sparql+http://h:8890/sparql")[1] == "http://h:8890/sparql"
    assert endpoint_urls("sparql+http://h/q", "http://h/u")[1] == "http://h/u"
    with pytest.raises(StoreError, match="KG_STORE_UPDATE=ftp://h/u is not an engine URL"):
        endpoint_urls("sparql+http://h/q", "ftp://h/u")


def test_remote_unreachable_engine_is_a_clear_store_error():
    url = f"sparql+http://user:secret@127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url)
    message = str(caught.value)
    assert "cannot reach the SPARQL engine at http://user:***@127.0.0.1:" in message
    assert "check that it is running and that KG_STORE names its endpoint" in message
    assert "secret" not in message


def test_remote_substitutions_become_a_values_clause_of_escaped_terms():
    bound = {ox.Variable("a"): ox.NamedNode("urn:a"), ox.Variable("b"): ox.Literal('"}')}
    text = with_values("ASK { ?a ?p ?b }", bound)
    assert text == 'ASK { VALUES (?a ?b) { (<urn:a> "\\"}") } ?a ?p ?b }'
    with pytest.raises(StoreError, match="only IRIs and literals"):
        with_values("ASK {}", {ox.Variable("a"): ox.BlankNode()})


class _Engine(BaseHTTPRequestHandler):
    """A stand-in engine: every query is true, after `delay` seconds when its text says `slow`; a query
    saying `cut` gets what `oxigraph serve --timeout-s` sends when its limit strikes mid-answer."""

    delay = 5.0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if b"slow" in body:
            time.sleep(self.delay)
        answer = json.dumps({"head": {}, "boolean": True}).encode()
        if b"cut" in body:
            answer = b'{"head":{"vars":["n"]},"results":{"bindings":[Timeout'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def stand_in_engine() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Engine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_remote_http_timeout_is_a_query_timeout_and_a_503():
    with stand_in_engine() as engine:
        store = open_store(f"sparql+http://127.0.0.1:{engine.server_port}/query", timeout=0.3)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="did not answer in time"):
            QueryRunner(store, timeout=0.3, max_results=10).query("ASK {} # slow")
        assert time.monotonic() - started < 2
        client = TestClient(create_app(Settings(store="memory", query_timeout=0.3), store=store), base_url=LOCAL)
        response = client.get("/sparql", params={"query": "ASK {} # slow"})
        assert response.status_code == 503 and "KG_QUERY_TIMEOUT" in response.json()["detail"]
        store.close()


def test_remote_cut_answer_is_a_503_saying_so_not_a_syntax_error():
    with stand_in_engine() as engine:
        store = open_store(f"sparql+http://127.0.0.1:{engine.server_port}/query")
        response = TestClient(create_app(Settings(store="memory"), store=store), base_url=LOCAL).get(
            "/sparql", params={"query": "SELECT ?n WHERE { ?s ?p ?n } # cut"}
        )
        assert response.status_code == 503 and "sent a cut or malformed answer" in response.json()["detail"]
        store.close()


def test_remote_engine_gone_gives_503_naming_it():
    with stand_in_engine() as engine:
        url = f"http://127.0.0.1:{engine.server_port}/query"
        store = open_store("sparql+" + url)
    client = TestClient(create_app(Settings(store="memory"), store=store), base_url=LOCAL)
    for path in ("/health", "/actors", "/sparql?query=ASK%20%7B%7D"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert f"cannot reach the SPARQL engine at {url}" in response.json()["detail"]
    store.close()


class CountingTransport(httpx.HTTPTransport):
    """A real transport that records each request's method, path and body size, and the bytes read back."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, int]] = []
        self.received = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.sent.append((request.method, request.url.path, len(request.content)))
        response = super().handle_request(request)
        response.stream = _Counted(response.stream, self)
        return response


class _Counted(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, transport: CountingTransport) -> None:
        self._stream, self._transport = stream, transport

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            self._transport.received += len(chunk)
            yield chunk

    def close(self) -> None:
        self._stream.close()


@pytest.fixture
def counted(oxigraph_server) -> Iterator[tuple[SparqlHttpStore, CountingTransport]]:
    oxigraph_server.clear()
    transport = CountingTransport()
    store = SparqlHttpStore(oxigraph_server.location, transport=transport)
    yield store, transport
    store.close()


@pytest.mark.slow
def test_remote_hostile_literals_round_trip_exactly(counted):
    store, _ = counted
    before = len(store)
    subject, predicate = URIRef("urn:s"), URIRef("urn:p")
    literals = [Literal(text) for text in HOSTILE] + [Literal('"}', lang="en"), Literal("1", datatype=XSD.integer)]
    store.add([(subject, predicate, literal) for literal in literals])
    assert len(store) == before + len(literals)
    found = {row["o"] for row in store.query("SELECT ?o WHERE { <urn:s> <urn:p> ?o }")}
    assert found == {ox.Literal(t) for t in HOSTILE} | {
        ox.Literal('"}', language="en"),
        ox.Literal("1", datatype=ox.NamedNode(str(XSD.integer))),
    }
    for text in HOSTILE:  # bound through `substitutions` (a VALUES clause), each matches itself only
        hits = store.query("SELECT ?s WHERE { ?s ?p ?o }", substitutions={ox.Variable("o"): ox.Literal(text)})
        assert [row["s"] for row in hits] == [ox.NamedNode("urn:s")], text
    assert store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")


@pytest.mark.slow
def test_remote_add_is_one_request_per_add_limit(counted):
    store, transport = counted
    before, transport.sent[:] = len(store), []
    count = 2 * store.add_limit + 1  # Virtuoso compiles at most ~2,000 triples in one update
    store.add((URIRef(f"urn:e/{n}"), URIRef("urn:said"), Literal(f"{n} " + "x" * 200)) for n in range(count))
    assert [(method, path) for method, path, _ in transport.sent] == [("POST", "/update")] * 3
    assert sum(size for _, _, size in transport.sent) > count * 200
    transport.sent[:] = []
    assert len(store) == before + count


@pytest.mark.slow
def test_remote_capped_select_stops_reading_the_answer(counted):
    store, transport = counted
    store.add((URIRef(f"urn:e/{n}"), URIRef("urn:said"), Literal("y" * 100)) for n in range(20_000))
    transport.received = 0  # the whole answer is over 5 MB
    answer = QueryRunner(store, timeout=10, max_results=10).answer(
        "SELECT * WHERE { ?s ?p ?o }", {"solutions": "application/sparql-results+json"}
    )
    assert answer.truncated and len(json.loads(answer.body)["results"]["bindings"]) == 10
    assert 0 < transport.received < 1_000_000, "read far more of the answer than the 10 rows it needed"
    assert len(store) > 20_000  # the connection left half-read was let go: the store still answers


@pytest.mark.slow
def test_remote_add_with_a_bad_term_sends_nothing(counted):
    store, transport = counted
    before, transport.sent[:] = len(store), []
    with pytest.raises(TypeError):
        store.add([(URIRef("urn:a"), URIRef("urn:b"), Literal("fine")), (URIRef("urn:a"), URIRef("urn:b"), 42)])
    assert transport.sent == [] and len(store) == before


@pytest.mark.slow
def test_remote_refused_update_is_a_syntax_error_and_changes_nothing(counted):
    store, _ = counted
    before = len(store)
    with pytest.raises(SyntaxError, match="refused the update"):
        store.update('INSERT DATA { <urn:a> <urn:b> "unterminated }')
    with pytest.raises(StoreError, match=r"answered 500"):
        store.query("SELECT * WHERE { ?s ?p ?o FILTER(<urn:no-such-function>(?o)) }")
    assert len(store) == before


@pytest.mark.slow
def test_remote_wrong_update_url_names_the_setting(oxigraph_server):
    oxigraph_server.clear()
    wrong = f"sparql+http://127.0.0.1:{free_port()}/update"
    with pytest.raises(StoreUnavailable, match="KG_STORE_UPDATE names its endpoint"):
        open_store(oxigraph_server.location, update=wrong)  # the empty engine needs its ontology written


@pytest.fixture
def engine_env(oxigraph_server, monkeypatch) -> Iterator[str]:
    """KG_STORE set to the emptied scratch server, for the CLI and the app built from settings."""
    oxigraph_server.clear()
    monkeypatch.setenv("KG_STORE", oxigraph_server.location)
    get_settings.cache_clear()
    yield oxigraph_server.location
    get_settings.cache_clear()


@pytest.mark.slow
def test_remote_cli_ingests_queries_exports_and_draws(engine_env, tmp_path):
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", str(SEEDS)])
    assert ingested.exit_code == 0 and "1 new article(s) ingested" in ingested.stdout, ingested.output
    again = runner.invoke(cli, ["ingest", str(SEEDS)])
    assert "0 new article(s) ingested, 1 already present" in again.stdout, again.output
    query = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?a ?b WHERE { ?a ckg:backs ?b }"
    found = runner.invoke(cli, ["query", query, "--format", "json"])
    assert {
        "a": "https://w3id.org/conflict-kg/actor/iran",
        "b": "https://w3id.org/conflict-kg/actor/assad-regime",
    } in json.loads(found.stdout), found.output
    pattern = runner.invoke(cli, ["query", "?x backs assad-regime", "--format", "json"])
    assert "iran" in {row["bindings"]["x"]["slug"] for row in json.loads(pattern.stdout)["rows"]}, pattern.output
    articles = "CONSTRUCT WHERE { ?s a <https://w3id.org/conflict-kg/ontology#Article> }"
    construct = runner.invoke(cli, ["query", articles])
    assert construct.exit_code == 0 and "https://w3id.org/conflict-kg/article/" in construct.stdout, construct.output
    trig = tmp_path / "graph.trig"
    assert runner.invoke(cli, ["export", "--format", "trig", "--ontology", "-o", str(trig)]).exit_code == 0
    assert f"<{ONTOLOGY_GRAPH}> {{" in trig.read_text()
    page = tmp_path / "graph.html"
    assert runner.invoke(cli, ["viz", "-o", str(page)]).exit_code == 0 and "Assad regime" in page.read_text()


@pytest.mark.slow
def test_remote_app_opens_the_engine_from_settings(engine_env):
    with TestClient(create_app(get_settings()), base_url=LOCAL) as client:  # the app owns the store: closed on shutdown
        assert client.get("/health").json() == {"status": "ok", "triples": 0, "articles": 0}
        store = client.app.state.service.store
        assert isinstance(store, SparqlHttpStore) and store.update_url.endswith("/update")
