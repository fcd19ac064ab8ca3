"""CORS: a browser SPARQL client (YASGUI) on another origin can query /sparql and read the answer."""
ORIGIN = "http://example.org"
QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def test_cors_preflight_for_sparql_allows_the_method_and_headers(client):
    response = client.options("/sparql", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type, Authorization, Accept"})
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
        "/articles", content=b"x" * 100, headers={"Origin": ORIGIN, "Content-Type": "text/plain"})
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] in ("*", ORIGIN)
