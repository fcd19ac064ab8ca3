"""API test clients over the seeded store, or over a fresh store for tests that write.

`seeded_store` here and `fresh_store` (tests/store_backends.py) take the session's `backend`
parameter, so every API test that touches a store runs on embedded Oxigraph, `oxigraph serve` and Virtuoso.
"""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings

LOCAL = "http://localhost"  # a Host the app answers (KG_ALLOWED_HOSTS defaults to the local names)

TOKEN = "test-token"


@pytest.fixture(scope="session")
def make_client(extractor):
    """Build a TestClient: make_client(store, token=..., **settings)."""

    def make(store, *, token: str | None = TOKEN, **settings) -> TestClient:
        config = Settings(store="memory", api_token=token, **settings)
        return TestClient(create_app(config, store=store, extractor=extractor), base_url=LOCAL)

    return make


@pytest.fixture(scope="session")
def seeded_store(backend, seeded_store, request):
    """The seed articles on the back-end: the session's on-disk store, or an engine holding them."""
    if backend == "embedded":
        return seeded_store
    return request.getfixturevalue({"server": "seeded_server_store", "virtuoso": "seeded_virtuoso_store"}[backend])


@pytest.fixture(scope="session")
def client(make_client, seeded_store) -> TestClient:
    """Read-only client over the seeded store (token configured)."""
    return make_client(seeded_store)


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
