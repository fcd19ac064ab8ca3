"""The API's documentation page (/docs) in headless Chromium: it renders the schema with no request
off the machine (FastAPI's stock page loads Swagger UI from a CDN)."""
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from api.main import create_app
from kg.config import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_server(seeded_store, extractor):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings(store="memory"), store=seeded_store, extractor=extractor)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        pytest.fail("the API server did not start")
    yield url
    server.should_exit = True
    thread.join(timeout=10)


def test_docs_page_renders_every_operation_offline(page, api_server):
    page.goto(f"{api_server}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    paths = set(page.eval_on_selector_all(".opblock-summary-path", "nodes => nodes.map(n => n.dataset.path)"))
    assert {"/sparql", "/query", "/actors/{slug}", "/export", "/articles"} <= paths
    assert page.watch.foreign_requests() == [], page.watch.foreign_requests()
    assert page.watch.errors == [], page.watch.errors


def test_there_is_no_redoc_page(api_server):
    # ReDoc's standalone build loads its logo from cdn.redoc.ly, so the app does not offer it.
    assert httpx.get(f"{api_server}/redoc").status_code == 404
