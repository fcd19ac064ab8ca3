"""API test clients over the session's seeded store, or over a fresh store for tests that write."""
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.config import Settings
from kg.store import open_store

TOKEN = "test-token"


@pytest.fixture(scope="session")
def make_client(extractor):
    """Build a TestClient: make_client(store, token=..., **settings)."""
    def make(store, *, token: str | None = TOKEN, **settings) -> TestClient:
        config = Settings(store="memory", api_token=token, **settings)
        return TestClient(create_app(config, store=store, extractor=extractor))
    return make


@pytest.fixture(scope="session")
def client(make_client, seeded_store) -> TestClient:
    """Read-only client over the seeded store (token configured)."""
    return make_client(seeded_store)


@pytest.fixture
def fresh_store(tmp_path):
    """An empty on-disk store (ontology only) for tests that write."""
    store = open_store(str(tmp_path / "kg"))
    yield store
    store.close()


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
