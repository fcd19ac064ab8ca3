"""GET|POST /sparql: the SPARQL 1.1 Protocol query operation, read-only, answers by content negotiation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fastapi import APIRouter, HTTPException, Request, Response

from api.deps import PlainRoute, service_of
from api.html import query_page, wants_html
from api.negotiation import GRAPHS, SOLUTIONS, negotiate, not_acceptable
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
    single,
)
from api.schemas import Responses, problems
from kg.query import NotAcceptable, QueryRefused, QuerySyntaxError
from kg.query.runner import AnswerTooLarge, Dataset, IsolationError, QueryRunner, WorkerDied
from kg.store.base import StoreUnavailable

router = APIRouter(tags=["SPARQL"], route_class=PlainRoute)  # the Request only: see PlainRoute
LANE_ERROR = "kg.lane_error"  # in the scope: what a query answered by the lane (api/lane.py) raised
EXAMPLE = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?who ?whom WHERE { ?who ckg:backs ?whom }"
QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE); SERVICE and updates are refused"
GRAPHS_DOC = "IRIs of stored graphs that make up the query's dataset; they replace FROM / FROM NAMED"
FORMAT_DOC = "Answer type, overriding Accept: json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml or a media type"
ANSWERS: Responses = {
    200: {
        "description": "Results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE), as negotiated",
        "content": {media_type: {} for media_type in (*SOLUTIONS.types, *GRAPHS.types)},
    }
}
OPENAPI_BODY = {
    "requestBody": {
        "content": {
            QUERY_BODY: {"schema": {"type": "string"}},
            FORM: {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string"},
                        "format": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
        }
    }
}


def _parameter(name: str, description: str, schema: dict, examples: list[str] | None = None) -> dict:
    documented = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    return documented | ({"examples": {"example": {"value": examples[0]}}} if examples else {})


GRAPH_LIST = {"type": "array", "items": {"type": "string"}}
OPENAPI_PARAMETERS = {
    "parameters": [
        _parameter("query", QUERY_DOC, {"type": "string"}, [EXAMPLE]),
        _parameter("default-graph-uri", GRAPHS_DOC, GRAPH_LIST),
        _parameter("named-graph-uri", GRAPHS_DOC, GRAPH_LIST),
        _parameter("format", FORMAT_DOC, {"type": "string"}),
    ]
}


@dataclass(frozen=True)
class QueryRequest:
    """One protocol query operation: the query, its dataset and base IRI, and how to answer."""

    text: str
    dataset: Dataset
    base: str | None
    accept: str | None
    format_name: str | None


def query_text(params: Params) -> str:
    """The one `query` parameter, refusing updates and several queries."""
    if "update" in params and "query" not in params:
        raise HTTPException(400, "this endpoint is read-only: send SPARQL Update to POST /update")
    found = params.get("query", [])
    if not found:
        raise HTTPException(
            400,
            "missing query: pass the SPARQL text as `query=` (GET or form POST) "
            f"or POST it with Content-Type: {QUERY_BODY}",
        )
    if len(found) > 1:
        raise HTTPException(400, "more than one `query` parameter: send exactly one query per request")
    return found[0]


def query_request(request: Request, params: Params) -> QueryRequest:
    """The protocol parameters of one query request, checked."""
    dataset = Dataset(graph_iris(params, "default-graph-uri"), graph_iris(params, "named-graph-uri"))
    return QueryRequest(
        query_text(params), dataset, base_iri(request), request.headers.get("accept"), single(params, "format")
    )


@router.get(
    "/sparql",
    responses=ANSWERS | problems(400, 406, 503),
    openapi_extra=OPENAPI_PARAMETERS,
    summary="Run a SPARQL query (SPARQL 1.1 Protocol)",
)
async def sparql_get(request: Request) -> Response:
    """Answer the `query` parameter; results in the type `format` or the Accept header asks for."""
    if (failed := request.scope.pop(LANE_ERROR, None)) is not None:
        raise failed  # the lane ran the query (api/lane.py): its failure is answered by the app's handlers
    runner = service_of(request).runner
    # The parameters are declared for the docs only (OPENAPI_PARAMETERS): FastAPI validating them cost ~5 % of a
    # cheap query, and the raw query string is read here anyway, to refuse duplicates and bad UTF-8.
    params = parse_params(request.scope.get("query_string", b""))
    if wants_html(request, params):  # a browser: the query page, which runs `query` itself (api/html.py)
        return await query_page(request, runner)
    return await answer(runner, query_request(request, params))


@router.post(
    "/sparql",
    responses=ANSWERS | problems(400, 406, 413, 415, 503),
    openapi_extra=OPENAPI_BODY,
    summary="Run a SPARQL query sent as a form or as application/sparql-query",
)
async def sparql_post(request: Request) -> Response:
    """Answer a query POSTed as a form (`query=`) or as the raw body; other parameters may be in the URL."""
    runner = service_of(request).runner
    kind = media_type_of(request)
    body = await request.body()
    in_url = parse_params(request.scope.get("query_string", b""))
    if kind == QUERY_BODY:
        params = merge_params(in_url, {"query": [decode_body(body)]})
    elif kind == FORM:
        params = merge_params(in_url, parse_params(body))
    elif kind == UPDATE_BODY:
        raise HTTPException(400, "this endpoint is read-only: send SPARQL Update to POST /update")
    else:
        raise HTTPException(415, f"Content-Type {kind or '(none)'} is not accepted: use {QUERY_BODY} or {FORM}")
    return await answer(runner, query_request(request, params))


@lru_cache(maxsize=256)  # clients send the same few Accept headers again and again
def _negotiated(accept: str | None, format_name: str | None) -> tuple[str | None, str | None]:
    """The media types for solutions and for a graph."""
    return negotiate(accept, format_name, SOLUTIONS), negotiate(accept, format_name, GRAPHS)


async def answer(runner: QueryRunner, asked: QueryRequest) -> Response:
    """Negotiate, then parse, run and serialise one query where it can reach no network. The query runs in
    a worker process whose reply is awaited here, on the event loop: no request thread is held for it."""
    solutions, graph = _negotiated(asked.accept, asked.format_name)
    media_types = {"solutions": solutions, "graph": graph}
    try:
        # The engine learns the query's form as it parses; the answer's kind picks the media type.
        found = await runner.answer_async(asked.text, media_types, asked.dataset, asked.base)
    except NotAcceptable as exc:
        table = GRAPHS if exc.kind == "graph" else SOLUTIONS
        problem = HTTPException(406, not_acceptable(asked.accept, table, asked.format_name))
    except (QuerySyntaxError, QueryRefused) as exc:
        problem = HTTPException(400, str(exc))
    except (AnswerTooLarge, IsolationError) as exc:
        problem = HTTPException(503, str(exc))
    except (WorkerDied, StoreUnavailable):
        raise  # 503, by the app's handlers, as is QueryTimeout
    except RuntimeError as exc:  # evaluation errors, e.g. an unsupported custom function
        problem = HTTPException(400, f"the query failed: {exc}")
    else:
        headers = {"Vary": "Accept"} | ({"X-KG-Truncated": "true"} if found.truncated else {})
        return Response(found.body, media_type=found.media_type, headers=headers)
    # Raised outside the handlers so no traceback (whose frames may hold a result iterator) goes with it.
    raise problem
