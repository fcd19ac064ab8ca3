"""A real headless Chromium looking at graph pages served from 127.0.0.1 by a stdlib server, and at the real app."""

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import uvicorn
from graph_stores import build_hostile_store, build_seed_store

from api.main import create_app
from kg.config import Settings
from kg.query import GraphFilters
from kg.viz import render_page

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class GraphPages(BaseHTTPRequestHandler):
    """GET /<store name>?relation=…&actor=… → render_page of that store with those filters."""

    stores: dict = {}

    def do_GET(self):
        url = urlsplit(self.path)
        store = self.stores.get(url.path.strip("/"))
        if store is None:
            return self._send(404, "no such page")
        filters = dict(parse_qsl(url.query))
        if "depth" in filters:
            filters["depth"] = int(filters["depth"])
        try:
            self._send(200, render_page(store, GraphFilters(**filters)))
        except KeyError as exc:
            self._send(404, str(exc))
        except ValueError as exc:
            self._send(400, str(exc))

    def _send(self, status: int, text: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def stores(extractor):
    return {"seed": build_seed_store(extractor), "hostile": build_hostile_store(extractor)}


@contextmanager
def serving(stores: dict) -> Iterator[str]:
    """A live server of graph pages for `stores` on a free port of 127.0.0.1; yields its base URL."""
    handler = type("Pages", (GraphPages,), {"stores": stores})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def serve_pages():
    """`with serve_pages({"name": store}) as url:` serves url/name (for stores other than the session's)."""
    return serving


@pytest.fixture(scope="session")
def server(stores):
    with serving(stores) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH; "
            "the graph page must be checked in a real browser",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that it should not: console errors, dialogs, requests off 127.0.0.1."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", self._dialog)
        page.on("request", lambda request: self.requests.append(request.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "about:"))
        ]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()


@pytest.fixture(scope="module")
def app_url(seeded_store, extractor):
    """The real app over the seeded store, served by uvicorn on a free 127.0.0.1 port for this module's tests."""
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
