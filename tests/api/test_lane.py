"""The lean lane for a plain GET /sparql (api/lane.py): the same answers as the whole app, errors included."""

import logging

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal, URIRef

import api.routes.sparql as sparql_route
from api.errors import REQUEST_ID
from api.main import create_app
from kg.config import Settings
from kg.store import open_store

LONG_WAY = {"Content-Length": "0"}  # a GET that says it has a body goes down the whole stack
SELECT = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
CASES = [
    ({"query": SELECT}, {"Accept": "application/sparql-results+json"}),
    ({"query": SELECT, "format": "csv"}, {}),
    ({"query": SELECT}, {"Accept": "text/tab-separated-values"}),
    ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "text/turtle"}),
    ({"query": "ASK { ?s ?p 'nothing' }"}, {"Accept": "application/sparql-results+xml"}),
    ({"query": "SELECT ?s WHERE { ?s ?p }"}, {}),  # syntax error: 400
    ({"query": SELECT}, {"Accept": "text/turtle"}),  # no solutions in Turtle: 406
    ({"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}, {}),  # an update: 400
    ({"query": SELECT, "default-graph-uri": "not an IRI"}, {}),  # refused before it runs: the long way's 400
    ({}, {}),  # no query: 400
]


@pytest.fixture
def app(tmp_path):
    store = open_store(str(tmp_path / "kg"))
    store.add((URIRef(f"http://example.org/e/{i}"), URIRef("http://example.org/p"), Literal(i)) for i in range(5))
    yield create_app(Settings(store=str(tmp_path / "kg"), query_timeout=60), store=store)
    store.close()


@pytest.fixture
def routed(monkeypatch):
    """How many queries the route itself answered (the long way); the lane answers without it."""
    calls = []
    original = sparql_route.answer

    async def counted(*args, **kwargs):
        calls.append(args)
        return await original(*args, **kwargs)

    monkeypatch.setattr(sparql_route, "answer", counted)
    return calls


def _same(response) -> tuple:
    headers = [(name, value) for name, value in response.headers.raw if name.lower() != REQUEST_ID.lower().encode()]
    return response.status_code, headers, response.content


@pytest.mark.parametrize(("params", "headers"), CASES)
def test_a_plain_get_is_answered_as_the_whole_app_answers_it(app, routed, params, headers):
    with TestClient(app, base_url="http://localhost") as client:
        lane = client.get("/sparql", params=params, headers=headers)
        long_way = client.get("/sparql", params=params, headers=headers | LONG_WAY)
    assert _same(lane) == _same(long_way)
    assert len(lane.headers[REQUEST_ID]) == 32 and lane.headers[REQUEST_ID] != long_way.headers[REQUEST_ID]
    assert lane.headers["x-content-type-options"] == "nosniff"
    if lane.status_code == 200:
        assert len(routed) == 1  # the long way's request only: the plain one never reached the route


def test_the_lane_answers_a_query_once_and_its_result(app, routed):
    with TestClient(app, base_url="http://localhost") as client:
        found = client.get("/sparql", params={"query": SELECT, "format": "csv"})
    assert found.status_code == 200 and found.text.splitlines()[1:] == [
        f"http://example.org/e/{i},{i}" for i in range(5)
    ]
    assert routed == []


def test_a_failure_after_the_query_ran_is_answered_by_the_app_and_not_run_again(app, caplog):
    ran = []

    async def broken(*args, **kwargs):
        ran.append(args)
        raise ZeroDivisionError("the secret inner state")

    app.state.service.runner.answer_async = broken
    with caplog.at_level(logging.ERROR, logger="kg.api"), TestClient(app, base_url="http://localhost") as client:
        response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 500 and len(ran) == 1
    body = response.json()
    assert response.headers[REQUEST_ID] == body["request_id"] and "secret" not in response.text
    assert any(body["request_id"] in record.getMessage() and record.exc_info for record in caplog.records)


def test_requests_the_lane_declines_keep_the_guards_answers(app, routed):
    with TestClient(app, base_url="http://localhost") as client:
        other_host = client.get("/sparql", params={"query": SELECT}, headers={"Host": "attacker.example"})
        browser = client.get("/sparql", params={"query": SELECT}, headers={"Origin": "https://yasgui.example"})
    assert other_host.status_code == 421
    assert browser.status_code == 200 and browser.headers["access-control-allow-origin"] == "*"
    assert len(routed) == 1  # the cross-origin read went the long way, for its CORS headers
