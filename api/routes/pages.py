"""The workbench's HTML pages: `/` (landing) and `/map`; `/sparql` for a browser (the query page) is api/html.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse

from api.deps import RunnerDep
from api.html import html_page
from api.schemas import problems
from kg.query.filters import Period

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse, responses=problems(503), summary="The landing page")
def landing(runner: RunnerDep) -> HTMLResponse:
    """What the store holds, links to the graph, map, query page and docs, and example questions."""
    from kg.viz.pages import render_landing

    return html_page(render_landing(runner))


@router.get("/map", response_class=HTMLResponse, responses=problems(400, 422, 503), summary="The map page")
def map_page(
    runner: RunnerDep,
    period: Annotated[Period, Query()],
    relation: Annotated[str | None, Query(description="Only this relation (and its sub-relations)")] = None,
    actor: Annotated[str | None, Query(description="Only events this actor (slug) did or suffered")] = None,
) -> HTMLResponse:
    """Dated, placed events on an offline world map, coloured by relation family, with a brushable timeline."""
    from kg.viz.pages import render_map

    try:
        page = render_map(runner, relation=relation, actor=actor, since=period.since, until=period.until)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return html_page(page)
