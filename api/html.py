"""HTML answers: whether a client wants a page, pages sent with their CSP, and the query page that GET /sparql
gives a browser (so /sparql need not import the pages route)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.negotiation import parse_accept
from api.protocol import Params
from kg.query import Readable
from kg.query.filters import Period

HTML_TYPES = ("text/html", "application/xhtml+xml")


def wants_html(request: Request, params: Params | None = None) -> bool:
    """A browser navigating: text/html is what the client prefers most, and no `format=` overrides it.
    `params`: the request's query parameters when the caller has parsed them already."""
    if "format" in (request.query_params if params is None else params):
        return False
    ranked = parse_accept(request.headers.get("accept"))
    best = ranked[0][1] if ranked else 0
    return any(kind in HTML_TYPES and q == best and q > 0 for kind, q in ranked)


def html_page(page: str) -> HTMLResponse:
    """`page` as an HTML answer with the pages' Content-Security-Policy."""
    from kg.viz.pages import CSP  # the renderer is optional for the rest of the API, as on /graph

    return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})


async def query_page(request: Request, runner: Readable) -> HTMLResponse:
    """`/sparql` for a browser: the editor, opened on `query=` or `pattern=` (and run), or the filters' events."""
    from kg.viz.links import FILTERS
    from kg.viz.pages import render_query_page

    params = dict(parse_qsl(request.url.query))
    filters = {name: params[name] for name in FILTERS if params.get(name)}
    try:  # the dates as every other view reads them: a bad or reversed one is the same 422
        Period.model_validate({name: filters.get(name) for name in ("since", "until")})
    except ValidationError as exc:
        raise RequestValidationError([error | {"loc": ("query", *error["loc"])} for error in exc.errors()]) from None
    try:
        page = await run_in_threadpool(
            render_query_page, runner, query=params.get("query"), pattern=params.get("pattern"), filters=filters
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return html_page(page)
