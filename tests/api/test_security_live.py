"""A real `kg serve` with a token, as an attacker meets it: no request leaves the machine, no
secret reaches the log, every write endpoint caps its body and wants the token."""

import socket
import threading

import httpx
import pytest
from test_live_server import kg_serve

# Embedded store only: what these check (body caps, tokens, the log, no outbound request) is the HTTP front's,
# the same over either store; an engine store talks to KG_STORE, and only to it, by design.
pytestmark = pytest.mark.slow
TOKEN = "s3cret-Token-7f2c9d"
MAX_BODY = 20_000


class Listener:
    """A TCP port on loopback that counts who connects: where an outbound request would land."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with kg_serve(tmp_path_factory.mktemp("secure"), KG_API_TOKEN=TOKEN, KG_MAX_BODY_BYTES=str(MAX_BODY)) as (url, log):
        yield url, log


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_no_request_leaves_the_server(server, listener):
    url, _ = server
    there = listener.url
    queries = [
        f"SELECT * WHERE {{ SERVICE <{there}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{there}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{there}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{there}/graph.ttl> WHERE {{ ?s ?p ?o }}",
    ]
    for query in queries:
        assert httpx.get(f"{url}/sparql", params={"query": query}).status_code in (200, 400)
    assert (
        httpx.get(
            f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{there}/graph.ttl"}
        ).status_code
        == 200
    )
    for update in (
        f"LOAD <{there}/data.ttl>",
        f"load silent <{there}/data.ttl> into graph <urn:g>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{there}/sparql> {{ ?s ?p ?o }} }}",
    ):
        answer = httpx.post(
            f"{url}/update", content=update, headers=auth() | {"Content-Type": "application/sparql-update"}
        )
        # It cannot connect: 400, or 204 when SILENT says to go on without the data. The canary has the last word.
        assert answer.status_code == (204 if "silent" in update else 400), answer.text
    article = {
        "text": "Turkish jets struck Kurdish militants near Sinjar on Monday.",
        "url": f"{there}/story",
        "title": "<script>alert(1)</script>",
    }
    assert httpx.post(f"{url}/articles", json=article, headers=auth(), timeout=60).status_code in (200, 201)
    assert listener.connections == 0


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/articles", "text/plain"),
        ("/articles", "application/json"),
        ("/update", "application/sparql-update"),
        ("/sparql", "application/sparql-query"),
    ],
)
def test_every_write_endpoint_caps_its_body(server, path, content_type):
    url, _ = server
    big = b"x" * (MAX_BODY + 1)
    answer = httpx.post(f"{url}{path}", content=big, headers=auth() | {"Content-Type": content_type})
    assert answer.status_code == 413 and "KG_MAX_BODY_BYTES" in answer.json()["detail"]

    def chunks():  # no Content-Length: the cap must hold while the body streams in
        for _ in range(4):
            yield b"x" * (MAX_BODY // 2)

    streamed = httpx.post(f"{url}{path}", content=chunks(), headers=auth() | {"Content-Type": content_type})
    assert streamed.status_code == 413


@pytest.mark.parametrize("headers", [{}, auth("wrong-token"), {"Authorization": TOKEN}])
def test_no_write_without_the_token(server, headers):
    url, _ = server
    update = httpx.post(
        f"{url}/update",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers=headers | {"Content-Type": "application/sparql-update"},
    )
    article = httpx.post(f"{url}/articles", json={"text": "Iran backs Hezbollah."}, headers=headers)
    assert update.status_code == article.status_code == 401
    asked = httpx.get(f"{url}/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert asked.json()["boolean"] is False


def test_the_token_never_reaches_the_log(server):
    url, log = server
    httpx.post(
        f"{url}/update",
        content="INSERT DATA { <urn:x> <urn:y> <urn:z> }",
        headers=auth() | {"Content-Type": "application/sparql-update"},
    )
    httpx.post(f"{url}/update", content="SELEC broken", headers=auth() | {"Content-Type": "application/sparql-update"})
    httpx.get(f"{url}/health", headers=auth())
    text = log.read_text(errors="replace")
    assert "/update" in text  # the log is being written, and requests are in it
    assert TOKEN not in text
