"""Property-based: schemathesis sends schema-driven (and schema-breaking) requests to every endpoint, in process;
none may end in a 5xx.

Bounded for CI (a few dozen examples per operation, derandomised so a run is repeatable). For a longer, random
hunt: `ST_MAX_EXAMPLES=500 python -m pytest tests/api/test_schemathesis.py`.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.main import create_app
from kg.config import Settings
from kg.pipeline.loader import ArticleLoader
from kg.store import open_store

MAX_EXAMPLES = int(os.environ.get("ST_MAX_EXAMPLES", "25"))
REPEATABLE = "ST_MAX_EXAMPLES" not in os.environ
TOKEN = "schemathesis-token"


@pytest.fixture
def api_schema(extractor, seed_articles, backend, request):
    """The app's OpenAPI schema over a fresh store holding the seeds, with a token configured (writes land).

    On both back-ends (tests/store_backends.py): embedded in memory, or the emptied `oxigraph serve`."""
    store = open_store("memory" if backend == "embedded" else request.getfixturevalue("store_location"))
    loader = ArticleLoader(store, extractor)
    for article in seed_articles:  # so the views have actors, relations and articles to answer with
        loader.load(article)
    # schemathesis calls the app as http://testserver
    app = create_app(
        Settings(store="memory", api_token=TOKEN, allowed_hosts=["testserver"]), store=store, extractor=extractor
    )
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=REPEATABLE, suppress_health_check=list(HealthCheck))
def test_schemathesis_no_server_errors(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
