"""/health: up, with the size of the graph."""


def test_health_reports_triples_and_articles(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["triples"] > 100 and body["articles"] == 1


def test_health_on_an_empty_store(make_client, fresh_store):
    assert make_client(fresh_store).get("/health").json() == {"status": "ok", "triples": 0, "articles": 0}
