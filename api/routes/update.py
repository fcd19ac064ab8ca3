"""POST /update: SPARQL 1.1 Update, only with the bearer token, run where LOAD and SERVICE cannot connect."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import ServiceDep, UpdateAuth
from api.protocol import (
    FORM,
    QUERY_BODY,
    UPDATE_BODY,
    Params,
    base_iri,
    decode_body,
    graph_iris,
    media_type_of,
    merge_params,
    parse_params,
)
from api.schemas import problems
from kg.query import QueryRefused, QuerySyntaxError
from kg.query.runner import Dataset, IsolationError
from kg.query.using import with_using
from kg.store.base import StoreUnavailable

router = APIRouter(tags=["SPARQL"])
TO_SPARQL = "this is a SPARQL query, not an update: send it to GET or POST /sparql"
OPENAPI_BODY = {
    "requestBody": {
        "content": {
            UPDATE_BODY: {"schema": {"type": "string"}},
            FORM: {
                "schema": {
                    "type": "object",
                    "required": ["update"],
                    "properties": {
                        "update": {"type": "string"},
                        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
        }
    }
}


async def update_request(request: Request) -> tuple[str, Params]:
    """The update text (raw application/sparql-update body or one `update=` form field) and the parameters."""
    kind = media_type_of(request)
    body = await request.body()
    in_url = parse_params(request.scope.get("query_string", b""))
    if kind == UPDATE_BODY:
        return decode_body(body), in_url
    if kind == QUERY_BODY:
        raise HTTPException(400, TO_SPARQL)
    if kind != FORM:
        raise HTTPException(415, f"Content-Type {kind or '(none)'} is not accepted: use {UPDATE_BODY} or {FORM}")
    params = merge_params(in_url, parse_params(body))
    found = params.get("update", [])
    if not found and "query" in params:
        raise HTTPException(400, TO_SPARQL)
    if len(found) != 1:
        raise HTTPException(400, "send exactly one `update=` form field with the SPARQL Update text")
    return found[0], params


def prepare(text: str, using: Dataset) -> str:
    """The update as the store will run it: with the protocol's dataset (the engine parses it)."""
    return with_using(text, using) if using else text


@router.post(
    "/update",
    status_code=204,
    dependencies=[UpdateAuth],
    responses=problems(400, 401, 403, 413, 415),
    openapi_extra=OPENAPI_BODY,
    summary="Run a SPARQL Update (needs the bearer token)",
)
async def update(request: Request, service: ServiceDep) -> Response:
    """Apply a SPARQL Update to the store; 204 when done. using-graph-uri / using-named-graph-uri may be in the URL."""
    text, params = await update_request(request)
    using = Dataset(graph_iris(params, "using-graph-uri"), graph_iris(params, "using-named-graph-uri"))
    try:
        ready = await run_in_threadpool(prepare, text, using)
        await run_in_threadpool(service.update, ready, base_iri(request))
    except (QuerySyntaxError, QueryRefused) as exc:
        raise HTTPException(400, str(exc)) from None
    except IsolationError as exc:
        raise HTTPException(503, str(exc)) from None
    except StoreUnavailable:
        raise  # 503, by the app's handler
    except (SyntaxError, RuntimeError, OSError, ValueError) as exc:  # pyoxigraph: e.g. CLEAR of a missing graph, LOAD
        raise HTTPException(400, f"the update failed: {exc}") from None
    return Response(status_code=204)
