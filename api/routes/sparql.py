"""GET|POST /sparql: the SPARQL 1.1 Protocol query operation, read-only, answers by content negotiation."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import RunnerDep
from api.negotiation import GRAPHS, SOLUTIONS, choose, not_acceptable
from api.schemas import problems
from kg.query import QueryRefused, QuerySyntaxError, check_query
from kg.query.runner import QueryRunner, QueryTimeout

router = APIRouter(tags=["SPARQL"])
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
# Dataset parameters would make us fetch or pick graphs by client-given IRIs; FROM in the query works.
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE); SERVICE and updates are refused"
ANSWERS = {200: {"description": "Results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE), as negotiated",
                 "content": {media_type: {} for media_type in (*SOLUTIONS.types, *GRAPHS.types)}}}
OPENAPI_BODY = {"requestBody": {"content": {
    QUERY_BODY: {"schema": {"type": "string"}},
    FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}}}}


def parse_params(raw: bytes) -> dict[str, list[str]]:
    """A query string or form body as lists of values; percent-escapes must decode as UTF-8 (else 400)."""
    try:
        return parse_qs(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HTTPException(400, "parameters are not valid UTF-8: percent-encode the query's UTF-8 bytes") from None


def decode_body(body: bytes) -> str:
    """A raw request body as text; it must be UTF-8 (else 400)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"request body is not valid UTF-8 (byte {exc.start}): send the text as UTF-8") from None


def media_type_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def query_text(params: dict[str, list[str]]) -> str:
    """The one `query` parameter, refusing updates, several queries and dataset parameters."""
    if "update" in params and "query" not in params:
        raise HTTPException(400, "this endpoint is read-only: send SPARQL Update to POST /update")
    found = params.get("query", [])
    if not found:
        raise HTTPException(400, "missing query: pass the SPARQL text as `query=` (GET or form POST) "
                                 f"or POST it with Content-Type: {QUERY_BODY}")
    if len(found) > 1:
        raise HTTPException(400, "more than one `query` parameter: send exactly one query per request")
    if given := [name for name in DATASET_PARAMS if name in params]:
        raise HTTPException(400, f"{', '.join(given)} is not supported: name graphs with FROM / FROM NAMED in the query")
    return found[0]


@router.get("/sparql", responses=ANSWERS | problems(400, 406, 503), summary="Run a SPARQL query (SPARQL 1.1 Protocol)")
async def sparql_get(request: Request, runner: RunnerDep,
                     query: Annotated[str | None, Query(description=QUERY_DOC)] = None) -> Response:
    """Answer the `query` parameter; results in the type the Accept header prefers."""
    # `query` is declared for the docs; the raw query string is re-read to refuse duplicates and bad UTF-8.
    text = query_text(parse_params(request.scope.get("query_string", b"")))
    return await run_in_threadpool(answer, runner, text, request.headers.get("accept"))


@router.post("/sparql", responses=ANSWERS | problems(400, 406, 413, 415, 503), openapi_extra=OPENAPI_BODY,
             summary="Run a SPARQL query sent as a form or as application/sparql-query")
async def sparql_post(request: Request, runner: RunnerDep) -> Response:
    """Answer a query POSTed as a form (`query=`) or as the raw body."""
    kind = media_type_of(request)
    body = await request.body()
    if kind == QUERY_BODY:
        params = parse_params(request.scope.get("query_string", b""))
        params["query"] = [decode_body(body)]
    elif kind == FORM:
        params = parse_params(body)
    else:
        raise HTTPException(415, f"Content-Type {kind or '(none)'} is not accepted: use {QUERY_BODY} or {FORM}")
    text = query_text(params)
    return await run_in_threadpool(answer, runner, text, request.headers.get("accept"))


def answer(runner: QueryRunner, text: str, accept: str | None) -> Response:
    """Check, negotiate, run and serialise one query (runs in a worker thread)."""
    try:
        return _answer(runner, text, accept)
    except (QuerySyntaxError, QueryRefused) as exc:
        problem = HTTPException(400, str(exc))
    except RuntimeError as exc:  # pyoxigraph's evaluation errors, e.g. an unsupported custom function
        problem = HTTPException(400, f"the query failed: {exc}")
    except QueryTimeout:
        problem = HTTPException(503, f"the query ran longer than {runner.timeout:g} s (KG_QUERY_TIMEOUT): "
                                     "narrow it or add a LIMIT")
    # Raised outside the handlers so no traceback (whose frames may hold a result iterator) goes with it.
    raise problem


def _answer(runner: QueryRunner, text: str, accept: str | None) -> Response:
    checked = check_query(text)
    table = GRAPHS if checked.returns_graph else SOLUTIONS
    media_type = choose(accept, table)
    if media_type is None:
        raise HTTPException(406, not_acceptable(accept, table))
    found = runner.answer(checked, media_type)
    headers = {"Vary": "Accept"} | ({"X-KG-Truncated": "true"} if found.truncated else {})
    return Response(found.body, media_type=media_type, headers=headers)
