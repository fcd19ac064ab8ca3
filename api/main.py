"""The FastAPI application: composes the routers over one store (`uvicorn --factory api.main:create_app`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api.deps import GraphService
from api.errors import BodyLimit, RequestErrors, install_error_handlers
from api.guards import Guard, allowed_hosts
from api.lane import SparqlLane
from api.routes import actors, articles, camps, export, graph, health, pages, query, relations, sparql, update
from kg.config import Settings, get_settings, version
from kg.store import open_store
from kg.store.base import Store

if TYPE_CHECKING:
    from kg.extract.pipeline import Extractor

DESCRIPTION = """Who did what to whom in armed-conflict news, as an RDF knowledge graph.

Read with SPARQL (`/sparql`) or the views (`/actors`, `/relations`); download it all at `/export`;
look at it on `/graph`. Writes (`/articles`, `/update`) take `Authorization: Bearer $KG_API_TOKEN`."""


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    extractor: Extractor | None = None,
    bound_host: str | None = None,
    owns_store: bool = False,
) -> FastAPI:
    """An app serving `store` (opened from settings when None); the extractor is built on first use if None.
    `bound_host`: the address `kg serve` listens on, answered as a Host unless KG_ALLOWED_HOSTS says otherwise.
    The app closes the store at shutdown when it opened it, or when `owns_store` hands it one to keep."""
    settings = settings or get_settings()
    owns_store = owns_store or store is None
    if store is None:
        store = open_store(settings.store, update=settings.store_update, timeout=settings.query_timeout)
    service = GraphService(settings, store, extractor)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()
        if owns_store:  # otherwise the store belongs to the caller, who closes it
            service.store.close()

    # FastAPIOffline serves /docs from files in its package (FastAPI's own page loads Swagger UI from
    # a CDN): this service makes no request off the machine. No /redoc: ReDoc fetches its logo from one.
    # FastAPI's OpenTelemetry hooks off: with no provider configured they emit nothing, yet asked the environment
    # three times per request whether one is (~2 % of the server's time on a cheap /sparql).
    app = FastAPIOffline(
        title="conflict-kg",
        version=version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.service = service
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestErrors)  # outside BodyLimit: a bug anywhere inside is answered in JSON
    # Outside the others: the Host check comes first, and browser SPARQL clients (YASGUI) on other origins can
    # read every answer of a read, 413s included; writes stay same-origin (api/guards.py).
    hosts = allowed_hosts(settings.allowed_hosts, bound_host)
    app.add_middleware(Guard, hosts=hosts)
    install_error_handlers(app)
    # /health first: FastAPI builds an included router's routes on the first request that walks past them,
    # so a probe of a starting server pays for its own route only.
    for module in (health, sparql, query, update, actors, relations, articles, export, graph, camps, pages):
        app.include_router(module.router)
    # The workbench pages' scripts, styles and vendored assets (kg/viz/static), served from this origin only.
    # Found through `kg`, not `kg.viz`: importing kg.viz brings networkx and jinja2 (1 s), which only the
    # pages need, and a server on a stored graph answers /health before any page is asked for.
    app.mount("/static", StaticFiles(directory=str(files("kg").joinpath("viz", "static"))), name="static")
    # Outermost, outside FastAPI's own error, telemetry and body-limit wrappers too: a plain GET /sparql is answered
    # without any layer (api/lane.py). The stack is built here, last, as Starlette would build it on the first
    # request (handlers and middleware are all in place by now), and the lane put around it.
    app.middleware_stack = SparqlLane(app.build_middleware_stack(), service=service, hosts=hosts)
    return app
