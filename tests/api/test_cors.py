"""CORS: a browser SPARQL client (YASGUI) on another origin can query /sparql and read the answer; writes
stay same-origin; only allowed Host names are answered; every answer says nosniff."""

import pytest

ORIGIN = "http://example.org"
QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def test_cors_preflight_for_sparql_allows_the_method_and_headers(client):
    response = client.options(
        "/sparql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Authorization, Accept",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", ORIGIN)
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert {"GET", "POST", "OPTIONS"} <= methods
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"accept", "content-type", "authorization"} <= allowed


def test_cors_get_with_origin_is_readable_and_exposes_truncation(client):
    response = client.get("/sparql", params={"query": QUERY}, headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", ORIGIN)
    assert "x-kg-truncated" in response.headers["access-control-expose-headers"].lower()


def test_cors_preflight_refuses_other_methods(client):
    response = client.options("/sparql", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "DELETE"})
    assert response.status_code == 400


def test_cors_errors_are_readable_too(make_client, fresh_store):
    response = make_client(fresh_store, max_body_bytes=10).post(
        "/sparql", content=b"x" * 100, headers={"Origin": ORIGIN, "Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] in ("*", ORIGIN)


def test_cors_is_for_reads_only(client, auth):
    preflight = client.options("/articles", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    for path, body, kind in (
        ("/articles", b"Iran backs Hezbollah.", "text/plain"),
        ("/update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
    ):
        write = client.post(path, content=body, headers=auth | {"Origin": ORIGIN, "Content-Type": kind})
        assert write.status_code == 403 and "origin" in write.json()["detail"]
        assert "access-control-allow-origin" not in write.headers


def test_writes_from_our_own_origin_are_accepted(make_client, fresh_store):
    response = make_client(fresh_store, token=None).post(
        "/articles",
        content=b"Iran backs Hezbollah.",
        headers={"Origin": "http://localhost", "Content-Type": "text/plain"},
    )
    assert response.status_code in (200, 201)


def test_every_answer_says_nosniff(client):
    for response in (
        client.get("/health"),
        client.get("/sparql", params={"query": "SELEC"}),
        client.get("/nowhere"),
        client.get("/sparql", params={"query": QUERY}, headers={"Host": "attacker.example"}),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io", "localhost.evil"])
def test_unknown_hosts_are_refused(client, host):
    response = client.get("/sparql", params={"query": QUERY}, headers={"Host": host})
    assert response.status_code == 421 and "KG_ALLOWED_HOSTS" in response.json()["detail"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:1", "[::1]:8000", "LOCALHOST."])
def test_local_hosts_are_answered(client, host):
    assert client.get("/health", headers={"Host": host}).status_code == 200
