"""A real `kg serve` under attack (issue 13): no spelling of SERVICE or LOAD reaches a loopback canary, the
limits (time, answer bytes, memory) answer 503 with a JSON detail, hostile inputs get 4xx, never 5xx, and
only allowed Hosts and same-origin writes are answered."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
from test_live_server import kg_serve
from test_security_live import Listener

pytestmark = pytest.mark.slow
TOKEN = "gate-token"
TIMEOUT = 10
MAX_BYTES = 2_000_000
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUERY_BODY = {"Content-Type": "application/sparql-query"}
UPDATE_BODY = {"Content-Type": "application/sparql-update"}
EXPLOSIVE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l LIMIT 1"
# Ends of a `#` comment as one parser or another may see them, and spaces the engine may or may not skip.
LINE_ENDS = ["\n", "\r", "\r\r", "\r\n", "\f", "\v", "\x85", "\u2028", "\u2029", "\x00", "\x1c", "\x1e"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with kg_serve(
        tmp_path_factory.mktemp("gate"),
        KG_API_TOKEN=TOKEN,
        KG_QUERY_TIMEOUT=str(TIMEOUT),
        KG_MAX_RESULT_BYTES=str(MAX_BYTES),
        KG_QUERY_WORKERS="6",
        KG_QUERY_MEMORY_MB="1024",
    ) as (url, _):
        yield url


@pytest.fixture(scope="module")
def patient_server(tmp_path_factory):
    """A server whose time limit is long enough that only the memory cap stops a query that grows (under load the
    worker, demoted after a second, could reach the 10 s limit first: CI, stop 29)."""
    with kg_serve(tmp_path_factory.mktemp("memory"), KG_QUERY_TIMEOUT="120", KG_QUERY_MEMORY_MB="1024") as (url, _):
        yield url


@pytest.fixture
def canary():
    found = Listener()
    yield found
    found.close()


def outbound_queries(there: str) -> list[str]:
    """SELECTs that would call `there` if any SERVICE in them ran: plain, hidden behind comments, escaped,
    relative, prefixed, by variable, nested."""
    host, port = there.removeprefix("http://").split(":")
    service = f"SERVICE <{there}/sparql> {{ ?s ?p ?o }}"
    found = [
        f"SELECT * WHERE {{ {service} }}",
        f"select * where {{ sErViCe silent <{there}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{there}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://{host}:{port}/\\u0073parql> {{ ?s ?p ?o }} }}",
        f"BASE <{there}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{there}/> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{there}/v> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ {service} }} }}",
        f"SELECT * WHERE {{ {{}} UNION {{ {service} }} }}",
        f"SELECT * WHERE {{ FILTER EXISTS {{ {service} }} }}",
        f"ASK {{ {{ SELECT * WHERE {{ {service} }} }} }}",
        f"CONSTRUCT WHERE {{ {service} }}",
        f"SELECT * FROM <{there}/g.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.1:{port}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://[::ffff:127.0.0.1]:{port}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://user@{host}:{port}/> {{ ?s ?p ?o }} }}",
    ]
    found += [f"SELECT * WHERE {{ # hidden{end} {service} \n}}" for end in LINE_ENDS]
    found += [f"#{end}SELECT * WHERE {{ {service} }}" for end in LINE_ENDS]
    return found


def outbound_updates(there: str) -> list[str]:
    found = [
        f"LOAD <{there}/data.ttl>",
        f"load silent <{there}/data.ttl> into graph <urn:g>",
        f"LOAD <{there}/\\u0064ata.ttl>",
        f"BASE <{there}/> LOAD <data.ttl>",
        f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{there}/data.ttl>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{there}/sparql> {{ ?s ?p ?o }} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE SILENT <{there}/sparql> {{ ?s ?p ?o }} }} }}",
    ]
    found += [f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} # hidden{end} ; LOAD <{there}/data.ttl>" for end in LINE_ENDS]
    return found


def test_gate_no_spelling_of_service_or_load_reaches_out(server, canary):
    with httpx.Client(timeout=30) as client:
        socket.create_connection(canary.socket.getsockname(), timeout=2).close()  # the canary sees this one
        deadline = time.monotonic() + 5
        while canary.connections < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert canary.connections == 1
        for query in outbound_queries(canary.url):
            for answer in (
                client.get(f"{server}/sparql", params={"query": query}),
                client.post(f"{server}/sparql", data={"query": query}),
                client.post(f"{server}/sparql", content=query.encode(), headers=QUERY_BODY),
            ):
                assert answer.status_code < 500, (query, answer.text)
        for update in outbound_updates(canary.url):
            for answer in (
                client.post(f"{server}/update", content=update.encode(), headers=AUTH | UPDATE_BODY),
                client.post(f"{server}/update", data={"update": update}, headers=AUTH),
                client.post(f"{server}/sparql", data={"query": update}),
            ):
                assert answer.status_code < 500, (update, answer.text)
    assert canary.connections == 1, "a SERVICE or LOAD reached the canary"


def test_gate_the_time_limit_covers_parse_and_evaluation(server):
    long_or = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {n}" for n in range(10_000)) + ") }"
    for query in (EXPLOSIVE, long_or):
        answer = httpx.post(f"{server}/sparql", content=query.encode(), headers=QUERY_BODY, timeout=60)
        assert answer.status_code in (200, 503), answer.text
        if answer.status_code == 503:  # the time limit, or the memory cap if that came first
            assert any(name in answer.json()["detail"] for name in ("KG_QUERY_TIMEOUT", "KG_QUERY_MEMORY_MB"))


def test_gate_an_answer_over_the_byte_cap_is_a_503_not_a_200(server):
    big = (
        "SELECT ?x WHERE { VALUES ?n { 1 2 3 4 5 6 7 8 } BIND(CONCAT(STR(?n), "
        + ", ".join(["'" + "y" * 1000 + "'"] * 500)
        + ") AS ?x) }"
    )
    answer = httpx.post(f"{server}/sparql", content=big.encode(), headers=QUERY_BODY, timeout=60)
    assert answer.status_code == 503 and "KG_MAX_RESULT_BYTES" in answer.json()["detail"]


def test_gate_a_query_over_the_memory_cap_is_a_503(patient_server):
    doubling = " ".join(f"BIND(CONCAT(?v{n}, ?v{n}) AS ?v{n + 1})" for n in range(16))
    query = f"SELECT (STRLEN(?v16) AS ?length) WHERE {{ BIND('{'ab' * 32_000}' AS ?v0) {doubling} }}"  # 4 GB
    answer = httpx.post(f"{patient_server}/sparql", content=query.encode(), headers=QUERY_BODY, timeout=150)
    assert answer.status_code == 503 and "KG_QUERY_MEMORY_MB" in answer.json()["detail"]
    assert httpx.get(f"{patient_server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).status_code == 200


def test_gate_a_cheap_query_is_answered_while_hostile_ones_run(server):
    statuses = []

    def hostile() -> None:
        statuses.append(
            httpx.post(f"{server}/sparql", content=EXPLOSIVE.encode(), headers=QUERY_BODY, timeout=60).status_code
        )

    threads = [threading.Thread(target=hostile) for _ in range(4)]
    for thread in threads:
        thread.start()
    cheap = httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    still_running = sum(thread.is_alive() for thread in threads)
    for thread in threads:
        thread.join()
    assert cheap.status_code == 200, f"{cheap.status_code} after {cheap.elapsed.total_seconds():.1f} s: {cheap.text}"
    assert cheap.json()["boolean"] is True
    assert still_running > 0, "the hostile queries ended before the cheap one was answered"
    assert statuses == [503] * 4


HOSTILE = [
    text.encode()
    for text in (
        "SELECT * WHERE { <a> <b> -1.0 }",
        "SELECT * WHERE { ?s ?p '\\UD7000FFF' }",
        "SELECT ('\\U0010FFFF' AS ?x) {}",
        "SELECT * WHERE { ?s ?p '\\U" + "F" * 5000 + "' }",
        "SELECT * WHERE { ?s ?p 1e99999999999 }",
        "SELECT * WHERE { ?s ?p " + "(" * 5000 + " }",
        "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
        "\x00",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
        "SELECT * WHERE { ?s ?p ?o } OFFSET -1",
        "ASK { FILTER(REGEX('a', '(' )) }",
        "SELECT (1/0 AS ?x) {}",
        "DESCRIBE <" + "a" * 100_000 + ">",
    )
] + [b"\xed\xa0\x80", b"\xff\xfe", b"SELECT * WHERE { ?s ?p '\xc0\xaf' }"]


@pytest.mark.parametrize("body", HOSTILE)
def test_gate_hostile_sparql_is_never_a_5xx(server, body):
    for answer in (
        httpx.post(f"{server}/sparql", content=body, headers=QUERY_BODY, timeout=60),
        httpx.post(f"{server}/update", content=body, headers=AUTH | UPDATE_BODY, timeout=60),
    ):
        assert answer.status_code < 500 or answer.status_code == 503, answer.text
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert httpx.get(f"{server}/sparql", params={"query": "ASK {}"}, timeout=60).status_code == 200


@pytest.mark.parametrize("charset", ["base64", "hex", "zlib", "bz2", "rot13", "punycode", "klingon"])
def test_gate_charsets_that_are_not_charsets_are_a_415(server, charset):
    answer = httpx.post(
        f"{server}/articles",
        content=b"SXJhbiBiYWNrcyBIZXpib2xsYWgu",
        timeout=60,
        headers=AUTH | {"Content-Type": f"text/plain; charset={charset}"},
    )
    assert answer.status_code == 415


def test_gate_other_hosts_and_origins_are_refused(server):
    for host in ("attacker.example", "attacker.example:80", "127.0.0.1.attacker.example"):
        answer = httpx.get(f"{server}/sparql", params={"query": "ASK {}"}, headers={"Host": host})
        assert answer.status_code == 421 and "KG_ALLOWED_HOSTS" in answer.json()["detail"]
        assert (
            httpx.post(
                f"{server}/articles",
                content=b"Iran backs Hezbollah.",
                headers=AUTH | {"Host": host, "Content-Type": "text/plain"},
            ).status_code
            == 421
        )
    cross = httpx.post(
        f"{server}/articles",
        content=b"Iran backs Hezbollah.",
        headers=AUTH | {"Origin": "http://attacker.example", "Content-Type": "text/plain"},
    )
    assert cross.status_code == 403 and "access-control-allow-origin" not in cross.headers
    read = httpx.get(f"{server}/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://yasgui.example"})
    assert read.status_code == 200 and read.headers["access-control-allow-origin"] == "*"
    assert read.headers["x-content-type-options"] == "nosniff"
