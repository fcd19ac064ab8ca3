"""GET /graph: the interactive graph page (rendered by kg.viz)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import RunnerDep
from api.schemas import problems
from kg.query.filters import GraphFilters

router = APIRouter(tags=["graph"])


@router.get("/graph", response_class=HTMLResponse, responses=problems(400, 422, 503), summary="The graph page")
def graph(runner: RunnerDep, filters: Annotated[GraphFilters, Query()]) -> HTMLResponse:
    """One self-contained HTML page: filters, search, legend and evidence panel, no CDN."""
    from kg.viz import render_page  # imported here: the page renderer is optional for the rest of the API

    # An unknown relation or actor, or a bad filter: UnknownName or InvalidFilter, a 400 (api/errors.py).
    return HTMLResponse(render_page(runner, filters))
