"""POST /update: SPARQL 1.1 Update, only with the bearer token, never LOAD or SERVICE."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import ServiceDep, UpdateAuth
from api.routes.sparql import FORM, decode_body, media_type_of, parse_params
from kg.query import check_update
from api.schemas import problems
from kg.query import QueryRefused, QuerySyntaxError

router = APIRouter(tags=["SPARQL"])
UPDATE_BODY = "application/sparql-update"
DATASET_PARAMS = ("using-graph-uri", "using-named-graph-uri")
OPENAPI_BODY = {"requestBody": {"content": {
    UPDATE_BODY: {"schema": {"type": "string"}},
    FORM: {"schema": {"type": "object", "properties": {"update": {"type": "string"}}, "required": ["update"]}}}}}


async def update_text(request: Request) -> str:
    """The update from a raw application/sparql-update body or an `update=` form field."""
    kind = media_type_of(request)
    body = await request.body()
    if kind == UPDATE_BODY:
        params, text = parse_params(request.scope.get("query_string", b"")), decode_body(body)
    elif kind == FORM:
        params = parse_params(body)
        found = params.get("update", [])
        if len(found) != 1:
            raise HTTPException(400, "send exactly one `update=` form field with the SPARQL Update text")
        text = found[0]
    else:
        raise HTTPException(415, f"Content-Type {kind or '(none)'} is not accepted: use {UPDATE_BODY} or {FORM}")
    if given := [name for name in DATASET_PARAMS if name in params]:
        raise HTTPException(400, f"{', '.join(given)} is not supported: name graphs with USING / WITH in the update")
    return text


@router.post("/update", status_code=204, dependencies=[UpdateAuth], responses=problems(400, 401, 403, 413, 415),
             openapi_extra=OPENAPI_BODY, summary="Run a SPARQL Update (needs the bearer token)")
async def update(request: Request, service: ServiceDep) -> Response:
    """Apply a SPARQL Update to the store; 204 when done."""
    text = await update_text(request)
    try:
        await run_in_threadpool(check_update, text)
        await run_in_threadpool(service.update, text)
    except (QuerySyntaxError, QueryRefused) as exc:
        raise HTTPException(400, str(exc)) from None
    except (SyntaxError, RuntimeError) as exc:  # pyoxigraph: stricter parser, or e.g. CLEAR of a missing graph
        raise HTTPException(400, f"the update failed: {exc}") from None
    return Response(status_code=204)
