"""POST /update: SPARQL Update behind the bearer token; off when no token is configured."""

import pytest

INSERT = "INSERT DATA { <urn:kg:test:a> <urn:kg:test:p> <urn:kg:test:b> }"
ASK = "ASK { <urn:kg:test:a> <urn:kg:test:p> <urn:kg:test:b> }"
RAW = {"Content-Type": "application/sparql-update"}


def asks(client) -> bool:
    return client.get("/sparql", params={"query": ASK}).json()["boolean"]


def test_update_with_the_token_changes_the_store(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    response = client.post("/update", content=INSERT, headers=RAW | auth)
    assert response.status_code == 204
    assert asks(client)
    form = client.post("/update", data={"update": INSERT.replace("INSERT", "DELETE")}, headers=auth)
    assert form.status_code == 204 and not asks(client)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dXNlcjpwdw=="}])
def test_update_without_the_right_token_gives_401(make_client, fresh_store, headers):
    client = make_client(fresh_store)
    response = client.post("/update", content=INSERT, headers=RAW | headers)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert not asks(client)


def test_update_is_disabled_without_a_configured_token(make_client, fresh_store):
    response = make_client(fresh_store, token=None).post(
        "/update", content=INSERT, headers=RAW | {"Authorization": "Bearer anything"}
    )
    assert response.status_code == 403
    assert "KG_API_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize(
    "update, words",
    [
        ("INSERT DATA { <urn:a> <urn:b> }", "syntax"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_update_refuses_bad_or_outbound_updates(make_client, fresh_store, auth, update, words):
    response = make_client(fresh_store).post("/update", content=update, headers=RAW | auth)
    assert response.status_code == 400
    assert words.lower() in response.json()["detail"].lower()


@pytest.mark.parametrize(
    "update, position",
    [
        ("INSERT DATA { <urn:a> <urn:b> }", "1:31"),
        ("PREFIX ex: <urn:ex:>\nINSERT DATA {\n  ex:a ex:b ex:c .\n}\n;\nDELET WHERE { ?s ?p ?o }", "6:1"),
    ],
)
def test_update_syntax_error_points_into_the_clients_update(make_client, fresh_store, auth, update, position):
    response = make_client(fresh_store).post("/update", content=update, headers=RAW | auth)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"SPARQL Update syntax error at {position}")


def test_update_by_get_is_not_allowed(make_client, fresh_store, auth):
    assert make_client(fresh_store).get("/update", params={"update": INSERT}, headers=auth).status_code == 405
