"""POST /articles: extraction into the store, once per text, behind the token when one is set."""
NEW_TEXT = "Russia backs the Assad regime. Russian jets bombed Syrian rebels near Idlib on Monday."


def test_articles_adds_relations_then_is_idempotent(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    first = client.post("/articles", json={"text": NEW_TEXT, "title": "Test", "published": "2017-06-07"}, headers=auth)
    assert first.status_code == 201
    body = first.json()
    assert body["added"] is True and len(body["article"]) == 16
    assert ("russia", "backs", "assad-regime") in {(r["source"]["id"], r["relation"], r["target"]["id"])
                                                   for r in body["relations"]}
    again = client.post("/articles", json={"text": NEW_TEXT}, headers=auth)
    assert again.status_code == 200
    assert again.json() == {"article": body["article"], "added": False, "relations": []}
    assert client.get("/health").json()["articles"] == 1


def test_articles_seed_text_is_already_in(client, seed_articles, auth):
    response = client.post("/articles", json={"text": seed_articles[0].text}, headers=auth)
    assert response.json()["added"] is False


def test_articles_stored_relations_are_queryable(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    client.post("/articles", json={"text": NEW_TEXT}, headers=auth)
    assert "russia" in {r["source"]["slug"] for r in client.get("/relations", params={"type": "backs"}).json()}


def test_articles_empty_text_gives_422_saying_so(client, auth):
    for text in ("", "  \n "):
        response = client.post("/articles", json={"text": text}, headers=auth)
        assert response.status_code == 422
        assert "text" in response.json()["detail"]


def test_articles_need_the_token_when_configured(client):
    missing = client.post("/articles", json={"text": NEW_TEXT})
    wrong = client.post("/articles", json={"text": NEW_TEXT}, headers={"Authorization": "Bearer nope"})
    assert missing.status_code == wrong.status_code == 401
    assert "KG_API_TOKEN" in missing.json()["detail"]
    assert missing.headers["www-authenticate"].startswith("Bearer")


def test_articles_open_without_a_configured_token(make_client, fresh_store):
    response = make_client(fresh_store, token=None).post("/articles", json={"text": NEW_TEXT})
    assert response.status_code == 201


def test_articles_body_over_the_cap_gives_413(make_client, fresh_store, auth):
    client = make_client(fresh_store, max_body_bytes=1000)
    response = client.post("/articles", json={"text": "x" * 2000}, headers=auth)
    assert response.status_code == 413
    assert "KG_MAX_BODY_BYTES" in response.json()["detail"]


def test_articles_streamed_body_over_the_cap_gives_413(make_client, fresh_store, auth):
    client = make_client(fresh_store, max_body_bytes=1000)
    chunks = (b'{"text": "' + b"x" * 600, b"x" * 600 + b'"}')  # no Content-Length: counted as it arrives
    response = client.post("/articles", content=iter(chunks), headers=auth | {"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "KG_MAX_BODY_BYTES" in response.json()["detail"]


def test_articles_invalid_json_gives_422_saying_so(client, auth):
    response = client.post("/articles", content=b"{not json", headers=auth | {"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]
