"""POST /articles: extraction into the store, once per text, behind the token when one is set."""

import socket
import time
from urllib.parse import urlsplit

import pytest

NEW_TEXT = "Russia backs the Assad regime. Russian jets bombed Syrian rebels near Idlib on Monday."


def test_articles_adds_relations_then_is_idempotent(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    first = client.post("/articles", json={"text": NEW_TEXT, "title": "Test", "published": "2017-06-07"}, headers=auth)
    assert first.status_code == 201
    body = first.json()
    assert body["added"] is True and len(body["article"]) == 16
    assert ("russia", "backs", "assad-regime") in {
        (r["source"]["id"], r["relation"], r["target"]["id"]) for r in body["relations"]
    }
    again = client.post("/articles", json={"text": NEW_TEXT}, headers=auth)
    assert again.status_code == 200
    assert again.json() == {"article": body["article"], "added": False, "relations": []}
    assert _articles_counted(client) == 1


def _articles_counted(client, seconds: float = 60) -> int | None:
    """/health's article count once the server's background count has caught up with the write (bounded wait)."""
    deadline = time.monotonic() + seconds
    while (found := client.get("/health").json()["articles"]) != 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def test_articles_seed_text_is_already_in(client, seed_articles, auth):
    response = client.post("/articles", json={"text": seed_articles[0].text}, headers=auth)
    assert response.json()["added"] is False


def test_articles_stored_relations_are_queryable(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    client.post("/articles", json={"text": NEW_TEXT}, headers=auth)
    found = client.get("/relations", params={"type": "backs"}).json()["relations"]
    assert "russia" in {r["source"]["slug"] for r in found}


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


def test_articles_a_url_that_is_not_absolute_gives_422_saying_so(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    for url in ("not a url", "example.org/story", "/story", "https://example.org/a story"):
        for sent in ({"json": {"text": NEW_TEXT, "url": url}}, {"params": {"url": url}, "content": NEW_TEXT.encode()}):
            headers = auth if "json" in sent else auth | {"Content-Type": "text/plain"}
            response = client.post("/articles", headers=headers, **sent)
            assert response.status_code == 422, (url, response.text)
            assert "url must be an absolute URL" in response.json()["detail"]
    assert client.get("/health").json()["articles"] == 0  # nothing stored from a refused article
    for url, kept in (("urn:example:story-1", "urn:example:story-1"), ("", None)):
        response = client.post("/articles", json={"text": f"{NEW_TEXT} {url}", "url": url}, headers=auth)
        assert response.status_code == 201, response.text
        assert client.get(f"/articles/{response.json()['article']}").json()["url"] == kept


def test_articles_plain_text_body_with_metadata_in_the_query(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    response = client.post(
        "/articles",
        params={"title": "Plain", "published": "2017-06-07"},
        content=NEW_TEXT.encode(),
        headers=auth | {"Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201
    assert ("russia", "backs", "assad-regime") in {
        (r["source"]["id"], r["relation"], r["target"]["id"]) for r in response.json()["relations"]
    }
    stored = client.get(f"/articles/{response.json()['article']}").json()
    assert stored["title"] == "Plain" and stored["published"] == "2017-06-07" and stored["text"] == NEW_TEXT


def test_articles_same_text_as_json_or_plain_is_added_once(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    assert client.post("/articles", json={"text": NEW_TEXT}, headers=auth).status_code == 201
    again = client.post("/articles", content=NEW_TEXT.encode(), headers=auth | {"Content-Type": "text/plain"})
    assert again.status_code == 200 and again.json()["added"] is False


def test_articles_declared_charset_is_honoured(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    response = client.post(
        "/articles",
        content="Iran backs the Assad regime, café.".encode("latin-1"),
        headers=auth | {"Content-Type": "text/plain; charset=ISO-8859-1"},
    )
    assert response.status_code == 201
    assert "café" in client.get(f"/articles/{response.json()['article']}").json()["text"]


def test_articles_non_text_bodies_give_422_saying_why(client, auth):
    for body, says in (
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not utf-8 text"),
        ("caf\u00e9".encode("latin-1"), "UTF-8"),
        (b"GIF89a\x00\x00\x01", "binary"),
        (b"", "text"),
    ):
        response = client.post("/articles", content=body, headers=auth | {"Content-Type": "text/plain"})
        assert response.status_code == 422, body
        assert says in response.json()["detail"]


def test_articles_json_that_is_not_an_object_gives_422(client, auth):
    for body in (b'"just text"', b"[1, 2]", b"null", b"\xff\xfe"):
        response = client.post("/articles", content=body, headers=auth | {"Content-Type": "application/json"})
        assert response.status_code == 422 and "JSON" in response.json()["detail"]
    wrong_type = client.post("/articles", json={"text": 5}, headers=auth)
    assert wrong_type.status_code == 422 and "text" in wrong_type.json()["detail"]


def test_articles_other_content_types_give_415_naming_the_accepted_ones(client, auth):
    for content_type in (
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "text/plain; charset=klingon",
        None,
    ):
        headers = auth | ({"Content-Type": content_type} if content_type else {})
        response = client.post("/articles", content=b"Iran backs Hezbollah.", headers=headers)
        assert response.status_code == 415, content_type
        assert "text/plain" in response.json()["detail"] or "charset" in response.json()["detail"]


def test_articles_token_is_checked_before_the_body(client):
    response = client.post("/articles", content=b"<a/>", headers={"Content-Type": "application/xml"})
    assert response.status_code == 401


def test_articles_url_is_stored_and_never_fetched(make_client, fresh_store, auth, monkeypatch):
    # On the server back-end the store talks to its engine, and may open a connection to it: only to it.
    engine = urlsplit(getattr(fresh_store, "query_url", "http://no-engine:0"))
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def engine_only_connect(sock, address, *args):
        if tuple(address[:2]) != (engine.hostname, engine.port):
            raise AssertionError(f"POST /articles opened a network connection to {address}")
        return connect(sock, address, *args)

    def engine_only_getaddrinfo(host, port, *args, **kwargs):
        if (host, port) != (engine.hostname, engine.port):
            raise AssertionError(f"POST /articles looked up {host}")
        return getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr("socket.socket.connect", engine_only_connect)
    monkeypatch.setattr("socket.getaddrinfo", engine_only_getaddrinfo)
    client = make_client(fresh_store)
    url = "http://192.0.2.1/never-fetched"
    response = client.post("/articles", json={"text": NEW_TEXT, "url": url}, headers=auth)
    assert response.status_code == 201
    assert client.get(f"/articles/{response.json()['article']}").json()["url"] == url


def test_articles_get_one_with_its_relations(client, seed_articles):
    article = seed_articles[0]
    body = client.get(f"/articles/{article.id}").json()
    assert body["id"] == article.id and body["title"] == article.title and body["text"] == article.text
    assert body["published"] == "2017-06-06"
    backs = [r for r in body["relations"] if (r["source"]["slug"], r["relation"]) == ("iran", "backs")]
    assert backs and all(e["article"] == article.id for r in body["relations"] for e in r["evidence"])
    assert any(not r["asserted"] for r in body["relations"])  # negated events are shown, marked


def test_articles_unknown_id_gives_404_json(client):
    for article_id in ("0000000000000000", "not-an-id", "ZZZZZZZZZZZZZZZZ"):
        response = client.get(f"/articles/{article_id}")
        assert response.status_code == 404 and "POST /articles" in response.json()["detail"]


def test_articles_request_body_is_documented_for_json_and_text(client):
    operation = client.get("/openapi.json").json()["paths"]["/articles"]["post"]
    content = operation["requestBody"]["content"]
    assert content["application/json"]["schema"]["required"] == ["text"]
    assert content["text/plain"]["schema"]["type"] == "string"
    assert {"201", "200", "401", "413", "415", "422"} <= set(operation["responses"])


def test_articles_deeply_nested_json_gives_422_not_500(client, auth):
    body = b"[" * 200_000 + b"]" * 200_000
    response = client.post("/articles", content=body, headers=auth | {"Content-Type": "application/json"})
    assert response.status_code == 422 and "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    "charset",
    [
        "base64",
        "hex",
        "zlib",
        "bz2",
        "rot13",
        "punycode",
        "idna",
        "uu",
        "quopri",
        "unicode_escape",
        "undefined",
        "no-such-charset",
        "\\x00",
        '"',
    ],
)
def test_articles_codecs_that_are_not_charsets_are_refused(make_client, fresh_store, auth, charset):
    response = make_client(fresh_store).post(
        "/articles",
        content=b"SXJhbiBiYWNrcyBIZXpib2xsYWgu",
        headers=auth | {"Content-Type": f"text/plain; charset={charset}"},
    )
    assert response.status_code == 415 and "UTF-8" in response.json()["detail"]
