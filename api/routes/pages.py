"""The workbench's HTML pages: `/` (landing), `/map`, and `/sparql` for a browser (the query page)."""
from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.deps import RunnerDep
from api.negotiation import parse_accept
from api.schemas import problems
from kg.query.runner import QueryRunner

router = APIRouter(tags=["pages"])
HTML_TYPES = ("text/html", "application/xhtml+xml")


def wants_html(request: Request) -> bool:
    """A browser navigating: text/html is what the client prefers most, and no `format=` overrides it."""
    if "format" in request.query_params:
        return False
    ranked = parse_accept(request.headers.get("accept"))
    best = ranked[0][1] if ranked else 0
    return any(kind in HTML_TYPES and q == best and q > 0 for kind, q in ranked)


def _html(page: str) -> HTMLResponse:
    from kg.viz.pages import CSP  # the renderer is optional for the rest of the API, as on /graph

    return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})


async def query_page(request: Request, runner: QueryRunner) -> HTMLResponse:
    """`/sparql` for a browser: the editor, opened on `query=` or `pattern=` (and run), or the filters' events."""
    from kg.viz.links import FILTERS
    from kg.viz.pages import render_query_page

    params = dict(parse_qsl(request.url.query))
    filters = {name: params[name] for name in FILTERS if params.get(name)}
    try:
        page = await run_in_threadpool(render_query_page, runner, query=params.get("query"),
                                       pattern=params.get("pattern"), filters=filters)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return _html(page)


@router.get("/", response_class=HTMLResponse, responses=problems(503), summary="The landing page")
def landing(runner: RunnerDep) -> HTMLResponse:
    """What the store holds, links to the graph, map, query page and docs, and example questions."""
    from kg.viz.pages import render_landing

    return _html(render_landing(runner))


@router.get("/map", response_class=HTMLResponse, responses=problems(400, 422, 503), summary="The map page")
def map_page(runner: RunnerDep,
             relation: Annotated[str | None, Query(description="Only this relation (and its sub-relations)")] = None,
             actor: Annotated[str | None, Query(description="Only events this actor (slug) did or suffered")] = None,
             since: Annotated[date | None, Query()] = None,
             until: Annotated[date | None, Query()] = None) -> HTMLResponse:
    """Dated, placed events on an offline world map, coloured by relation family, with a brushable timeline."""
    from kg.viz.pages import render_map

    try:
        page = render_map(runner, relation=relation, actor=actor, since=since, until=until)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return _html(page)
