"""Request dependencies, declared once: the graph service, settings, store and the bearer-token checks."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from kg.config import Settings
from kg.query.runner import QueryRunner
from kg.query.tally import GraphTally
from kg.query.views import graph_counts
from kg.store.base import Store

if TYPE_CHECKING:  # spaCy and the gazetteer: loaded with the first article, so a server on a stored graph starts fast
    from kg.extract.pipeline import Extractor
    from kg.ingest import Article
    from kg.pipeline.loader import ArticleLoader, LoadResult


class GraphService:
    """What the app serves for its lifetime: the store, one write lock, an extractor built on first use."""

    def __init__(self, settings: Settings, store: Store, extractor: Extractor | None = None) -> None:
        self.settings = settings
        self.store = store
        self._extractor = extractor
        self._loader: ArticleLoader | None = None
        # One writer at a time: each pyoxigraph write is its own transaction, and "is this
        # article new?" must not race with adding it.
        self._write_lock = threading.Lock()
        # Articles wait for their turn in this one thread's queue, not in the request thread pool: a POST
        # blocked on the lock held a pool thread, so with more writers than the pool's 40 threads every
        # sync route and query queued behind them (60 writers: /health 0.1-0.4 s, now 0.07-0.15 s).
        self._article_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-article-writer")
        self.runner = QueryRunner(
            store,
            timeout=settings.query_timeout,
            max_results=settings.max_results,
            workers=settings.query_workers,
            max_bytes=settings.max_result_bytes,
            memory_bytes=settings.query_memory_mb * 2**20,
        )
        # /health answers from these: counting a large store takes seconds, and starting must not wait for it.
        self.tally = GraphTally(lambda: graph_counts(store), data_bytes=store.data_bytes())
        self.tally.start()

    def load(self, article: Article) -> LoadResult:
        """Extract and store one article unless its text is already in."""
        with self._write_lock:
            if self._loader is None:
                from kg.extract.pipeline import Extractor
                from kg.pipeline.loader import ArticleLoader

                self._loader = ArticleLoader(self.store, self._extractor or Extractor(model=self.settings.model))
            try:
                return self._loader.load(article)
            finally:
                self.tally.changed()

    async def load_in_turn(self, article: Article) -> LoadResult:
        """`load`, queued behind the other articles without holding a request thread while it waits."""
        return await asyncio.wrap_future(self._article_writer.submit(self.load, article))

    def close(self) -> None:
        """Finish queued articles and stop the query workers (the store stays open: its owner closes it)."""
        self._article_writer.shutdown(wait=True)
        self.runner.close()

    def update(self, sparql: str, base: str | None = None) -> None:
        """Run a user's SPARQL Update where it can open no connection (see QueryRunner.update)."""
        with self._write_lock:
            try:
                self.runner.update(sparql, base)
            finally:
                self.tally.changed()


# Coroutines, though they only read an attribute: FastAPI runs a plain function dependency in its thread
# pool, and that hand-off to a thread and back was ~8 % of a cheap /sparql request's time.
async def get_service(request: Request) -> GraphService:
    return request.app.state.service


async def get_settings(request: Request) -> Settings:
    return request.app.state.service.settings


async def get_store(request: Request) -> Store:
    return request.app.state.service.store


async def get_runner(request: Request) -> QueryRunner:
    return request.app.state.service.runner


class PlainRoute(APIRoute):
    """A route whose endpoint takes the Request and returns a Response itself: no dependencies are solved and no
    return value is validated. For the hot read paths (GET /sparql, /health): FastAPI's dependency solving and
    response validation were ~0.1-0.3 ms of a request. The route is still an APIRoute, so OpenAPI documents it
    as declared (`response_model`, `openapi_extra`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.endpoint


class QuickRoute(APIRoute):
    """A route that skips FastAPI's dependency solving for a request that needs none of it: `quick(request)` gives
    the endpoint's arguments when every parameter is absent or plainly valid (the defaults, the dependencies'
    values), else None, and the request takes the long way (solved, validated, 422s as FastAPI words them). The
    endpoint must return a Response. For GET /query: solving its ten parameters was ~40 % of the server's CPU on a
    cheap pattern (py-spy, bench/RESULTS.md)."""

    quick: Callable[[Request], dict[str, Any] | None]

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        solved = super().get_route_handler()
        endpoint, quick = self.endpoint, type(self).quick

        async def handle(request: Request) -> Response:
            arguments = quick(request)
            if arguments is None:
                return await solved(request)
            if asyncio.iscoroutinefunction(endpoint):
                return await endpoint(**arguments)
            return await run_in_threadpool(endpoint, **arguments)  # as FastAPI runs a plain `def`

        return handle


def service_of(request: Request) -> GraphService:
    """The graph service of the app answering `request` (what ServiceDep gives a route with dependencies)."""
    return request.app.state.service


ServiceDep = Annotated[GraphService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
_bearer = HTTPBearer(auto_error=False, description="The server's KG_API_TOKEN")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _check_token(credentials: HTTPAuthorizationCredentials | None, expected: str) -> None:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing token: send `Authorization: Bearer <KG_API_TOKEN>`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong token: send the server's KG_API_TOKEN as a Bearer token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


def require_update_token(settings: SettingsDep, credentials: Credentials) -> None:
    """SPARQL Update needs the token, and is off altogether when none is configured."""
    if settings.api_token is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "SPARQL Update is disabled: start the server with KG_API_TOKEN set to enable it"
        )
    _check_token(credentials, settings.api_token.get_secret_value())


def require_write_token(settings: SettingsDep, credentials: Credentials) -> None:
    """Adding articles needs the token when one is configured, and is open otherwise."""
    if settings.api_token is not None:
        _check_token(credentials, settings.api_token.get_secret_value())


UpdateAuth = Depends(require_update_token)
WriteAuth = Depends(require_write_token)
