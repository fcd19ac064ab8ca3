"""Every error is JSON: a bug anywhere is logged with its traceback and answered 500 with a request id."""

import logging

import pytest
from fastapi.testclient import TestClient

from api.deps import get_runner
from api.errors import REQUEST_ID
from api.main import create_app
from kg.config import Settings
from kg.errors import UnknownName
from kg.store import open_store


@pytest.fixture
def app():
    store = open_store("memory")
    yield create_app(Settings(store="memory"), store=store)
    store.close()


def _broken_runner():
    raise ZeroDivisionError("the secret inner state")


def test_an_unhandled_exception_is_a_logged_json_500_with_a_request_id(app, caplog):
    app.dependency_overrides[get_runner] = _broken_runner  # a real route, forced to fail inside
    with caplog.at_level(logging.ERROR, logger="kg.api"), TestClient(app, base_url="http://localhost") as client:
        response = client.get("/actors")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "request_id"} and body["request_id"] in body["detail"]
    assert response.headers[REQUEST_ID] == body["request_id"]
    assert "secret inner state" not in response.text  # the traceback goes to the log, not the client
    [record] = [r for r in caplog.records if body["request_id"] in r.getMessage()]
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError and "/actors" in record.getMessage()


def test_a_route_that_raises_is_answered_in_json_with_cors_headers(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    with TestClient(app, base_url="http://localhost") as client:
        response = client.get("/boom", headers={"Origin": "https://yasgui.example"})
    assert response.status_code == 500 and response.json()["request_id"]
    assert response.headers["access-control-allow-origin"] == "*"  # a browser client can read the error


def test_every_answer_carries_its_own_request_id(app):
    with TestClient(app, base_url="http://localhost") as client:
        first, second = client.get("/health"), client.get("/actors/nobody")
    assert first.status_code == 200 and second.status_code == 404
    ids = {first.headers[REQUEST_ID], second.headers[REQUEST_ID]}
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def _unknown_type_runner():
    raise UnknownName("unknown actor type 'Dragon'; known: State")


def _stray_key_error_runner():
    raise KeyError("a bug, not the client's fault")


def test_a_domain_error_is_a_400_with_its_message_and_a_stray_key_error_a_500(app):
    with TestClient(app, base_url="http://localhost") as client:
        app.dependency_overrides[get_runner] = _unknown_type_runner
        known = client.get("/actors")
        app.dependency_overrides[get_runner] = _stray_key_error_runner
        stray = client.get("/actors")
    assert known.status_code == 400 and known.json() == {"detail": "unknown actor type 'Dragon'; known: State"}
    assert stray.status_code == 500 and "a bug" not in stray.text


@pytest.mark.parametrize(
    "path, params, words",
    [
        ("/relations", {"type": "hugs"}, "unknown relation 'hugs'; known: "),
        ("/graph", {"actor": "nobody"}, "unknown actor 'nobody'"),
        ("/actors", {"type": "Dragon"}, "unknown actor type 'Dragon'"),
        ("/graph", {"relation": "hugs"}, "unknown relation 'hugs'"),
        ("/camps", {"actor": "nobody"}, "unknown actor 'nobody'"),
        ("/camps", {"status": "rumoured"}, "unknown status 'rumoured'"),
    ],
)
def test_unknown_names_and_bad_filters_are_400s_that_say_which(app, path, params, words):
    with TestClient(app, base_url="http://localhost") as client:
        response = client.get(path, params=params)
    assert response.status_code == 400 and response.json()["detail"].startswith(words), response.text


REVERSED = {"since": "2017-07-01", "until": "2017-06-01"}


@pytest.mark.parametrize(
    "path, params, headers",
    [
        ("/camps", REVERSED, {}),
        ("/graph", REVERSED, {}),
        ("/relations", REVERSED, {}),
        ("/relations", REVERSED | {"format": "csv"}, {}),
        ("/articles", REVERSED, {}),
        ("/map", REVERSED, {}),
        ("/sparql", REVERSED, {"Accept": "text/html"}),  # the query page, opened on the filters' events
    ],
)
def test_every_view_refuses_since_after_until_alike(app, path, params, headers):
    with TestClient(app, base_url="http://localhost") as client:
        response = client.get(path, params=params, headers=headers)
    assert response.status_code == 422
    assert response.json() == {"detail": "since (2017-07-01) is after until (2017-06-01): swap them"}
