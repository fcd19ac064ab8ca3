"""GET /query: the pattern language (`?x backs assad-regime`), answered with labels and evidence."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.deps import QuickRoute, RunnerDep, service_of
from api.evidence import EvidenceDep
from api.protocol import parse_params
from api.schemas import problems
from api.tabular import CSV_RESPONSE, Format, csv_response, wants_csv
from kg.query.pattern import PatternError, PatternResult, run_pattern
from kg.query.runner import QueryTimeout
from kg.query.tables import to_csv
from kg.query.views import EvidenceFilter

MAX_PATTERN = 4000


def plain_arguments(request: Request) -> dict[str, Any] | None:
    """`query`'s arguments when the request gives nothing but one `q` within its length: the rest are defaults."""
    try:
        params = parse_params(request.scope.get("query_string", b""))
    except HTTPException:
        return None  # the long way reads it as FastAPI does
    found = params.get("q", [])
    if len(params) != 1 or len(found) != 1 or len(found[0]) > MAX_PATTERN:
        return None
    return {"request": request, "runner": service_of(request).runner, "evidence": EvidenceFilter(), "q": found[0]}


class PatternRoute(QuickRoute):
    quick = staticmethod(plain_arguments)


router = APIRouter(tags=["graph"], route_class=PatternRoute)
PATTERN_DOC = (
    'Triples `S REL O` joined by ` . `: S and O are ?variables, actor slugs or "quoted labels"; '
    "REL a relation name, `REL+` for chains; `S REL O according to W` (or `@W`) for what W says"
)
PAGE_ROWS = 100
EXAMPLES = [
    "?x backs assad-regime",
    '?x backs ?y . ?y strikes "the coalition"',
    "iran backs+ ?z",
    "?x supports ?y according to ?who",
]


@router.get(
    "/query",
    response_model=PatternResult,
    responses={**problems(400, 406, 422, 503), **CSV_RESPONSE},
    summary="Match a graph pattern such as ?x backs assad-regime",
)
def query(
    request: Request,
    runner: RunnerDep,
    evidence: EvidenceDep,
    q: Annotated[str, Query(description=PATTERN_DOC, examples=EXAMPLES, max_length=MAX_PATTERN)],
    min_corroboration: Annotated[
        int,
        Query(
            ge=0, le=1_000_000, description="Only matches whose every edge is affirmed by at least this many articles"
        ),
    ] = 0,
    sort: Annotated[
        Literal["pattern", "corroboration"],
        Query(description="pattern (by the variables' actors) or corroboration (best corroborated first)"),
    ] = "pattern",
    limit: Annotated[
        int,
        Query(
            ge=1,
            description="Rows per page: only they get labels and evidence, which a hub's thousands of events make slow",
        ),
    ] = PAGE_ROWS,
    offset: Annotated[int, Query(ge=0, description="Rows to skip (the answer's `total` says how many matched)")] = 0,
    format: Format = None,
) -> Response:
    """Every way the pattern matches, a page at a time: each variable's actor, and each edge's evidence with its statuses and sources.
    A triple matches the direct edges (facts) unless `status` or `according to` asks for claims, denials or intents."""
    # A plain `def`: FastAPI runs it on a worker thread, off the event loop, and pyoxigraph
    # results are read on the thread that made them.
    csv_wanted = wants_csv(request, format)
    try:
        result = run_pattern(
            runner, q, evidence=evidence, min_corroboration=min_corroboration, sort=sort, limit=limit, offset=offset
        )
    except PatternError as exc:
        problem = HTTPException(400, str(exc))
    except QueryTimeout:
        problem = HTTPException(
            503,
            f"the query ran longer than {runner.timeout:g} s (KG_QUERY_TIMEOUT): "
            "name actors instead of variables, or drop a `+`",
        )
    else:
        if csv_wanted:
            return csv_response(to_csv(*result.flat()), "pattern")
        return Response(result.model_dump_json(), media_type="application/json")
    # Raised outside the handlers so no traceback (whose frames may hold a result iterator) goes with it.
    raise problem
