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
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import PROV

from api.main import create_app
from kg.config import Settings
from kg.ingest import Article, read_articles
from kg.model import ACTOR, CKG, EVENT, article_iri
from kg.pipeline.loader import ArticleLoader
from kg.query import GraphFilters
from kg.store import open_store
from kg.viz import render_page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
XSS_TEXT = (
    "Iran backs the Assad regime <img src=x onerror=alert(1)>. Russia arms the Assad regime <script>alert(1)</script>."
)


def build_seed_store(extractor):
    store = open_store("memory")
    loader = ArticleLoader(store, extractor)
    for article in read_articles([ROOT / "seeds" / "al-tanf-2017.txt"]):
        loader.load(article)
    return store


def build_hostile_store(extractor):
    """The seed plus markup in an article's text, title and URL, and in an actor's label."""
    store = build_seed_store(extractor)
    article = Article(
        text=XSS_TEXT, title="<script>alert('title')</script>", url="javascript:alert(1)", published="2017-06-01"
    )
    ArticleLoader(store, extractor).load(article)
    evil, event = ACTOR["evil-label"], EVENT["0000000000000001"]
    store.add(
        [
            (evil, RDF.type, CKG.ArmedGroup),
            (evil, RDFS.label, Literal("<img src=x onerror=alert(2)>")),
            (event, RDF.type, CKG.BacksEvent),
            (event, CKG.agent, evil),
            (event, CKG.target, ACTOR["iran"]),
            (event, CKG.relation, CKG.backs),
            (event, CKG.negated, Literal(False)),
            (event, CKG.sentence, Literal("<b onmouseover=alert(3)>evil</b> backs Iran.")),
            (event, PROV.wasDerivedFrom, article_iri(article.id)),
        ]
    )
    return store


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
