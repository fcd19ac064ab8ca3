"""GET /graph: the interactive graph page (rendered by kg.viz)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import RunnerDep
from api.evidence import STATUS_DOC
from api.schemas import problems

router = APIRouter(tags=["graph"])


@router.get("/graph", response_class=HTMLResponse, responses=problems(400, 422, 503), summary="The graph page")
def graph(
    runner: RunnerDep,
    relation: Annotated[str | None, Query(description="Only this relation (and its sub-relations)")] = None,
    actor: Annotated[str | None, Query(description="Centre on this actor's slug")] = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    depth: Annotated[int, Query(ge=0, le=5, description="Hops around `actor`")] = 1,
    status: Annotated[str | None, Query(max_length=200, description=STATUS_DOC)] = None,
    claims: Annotated[
        bool, Query(description="Count reported, alleged and intended relations in the camps (default: facts only)")
    ] = False,
    min_corroboration: Annotated[
        int, Query(ge=0, le=1_000_000, description="Only relations affirmed by at least this many articles")
    ] = 0,
    min_confidence: Annotated[
        float | None, Query(ge=0, le=1, description="Only events at least this confident (0-1)")
    ] = None,
) -> HTMLResponse:
    """One self-contained HTML page: filters, search, legend and evidence panel, no CDN."""
    from kg.viz import render_page  # imported here: the page renderer is optional for the rest of the API

    # An unknown relation or actor, or a bad filter: UnknownName or InvalidFilter, a 400 (api/errors.py).
    page = render_page(
        runner,
        relation=relation,
        actor=actor,
        since=since,
        until=until,
        depth=depth,
        status=status,
        claims=claims,
        min_corroboration=min_corroboration,
        min_confidence=min_confidence,
    )
    return HTMLResponse(page)
