"""The API's documentation page (/docs) in headless Chromium: it renders the schema with no request
off the machine (FastAPI's stock page loads Swagger UI from a CDN)."""

import httpx
import pytest

pytestmark = pytest.mark.slow


def test_docs_page_renders_every_operation_offline(page, app_url):
    page.goto(f"{app_url}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    paths = set(page.eval_on_selector_all(".opblock-summary-path", "nodes => nodes.map(n => n.dataset.path)"))
    assert {"/sparql", "/query", "/actors/{slug}", "/export", "/articles"} <= paths
    assert page.watch.foreign_requests() == [], page.watch.foreign_requests()
    assert page.watch.errors == [], page.watch.errors


def test_there_is_no_redoc_page(app_url):
    # ReDoc's standalone build loads its logo from cdn.redoc.ly, so the app does not offer it.
    assert httpx.get(f"{app_url}/redoc").status_code == 404
