"""Every error is JSON: a bug anywhere is logged with its traceback and answered 500 with a request id."""
import logging

import pytest
from fastapi.testclient import TestClient

from api.deps import get_runner
from api.errors import REQUEST_ID
from api.main import create_app
from kg.config import Settings
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
