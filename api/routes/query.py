"""GET /query: the pattern language (`?x backs assad-regime`), answered with labels and evidence."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import RunnerDep
from api.schemas import problems
from kg.query.pattern import PatternError, PatternResult, run_pattern
from kg.query.runner import QueryTimeout

router = APIRouter(tags=["graph"])
PATTERN_DOC = ('Triples `S REL O` joined by ` . `: S and O are ?variables, actor slugs or "quoted labels"; '
               "REL a relation name, `REL+` for chains")
PAGE_ROWS = 100
EXAMPLES = ["?x backs assad-regime", '?x backs ?y . ?y strikes "the coalition"', "iran backs+ ?z"]


@router.get("/query", response_model=PatternResult, responses=problems(400, 422, 503),
            summary="Match a graph pattern such as ?x backs assad-regime")
def query(runner: RunnerDep,
          q: Annotated[str, Query(description=PATTERN_DOC, examples=EXAMPLES, max_length=4000)],
          min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Only edges stated by an event at "
                                                        "least this confident (0-1)")] = None,
          limit: Annotated[int, Query(ge=1, description="Rows per page: only they get labels and evidence, "
                                      "which a hub's thousands of events make slow")] = PAGE_ROWS,
          offset: Annotated[int, Query(ge=0, description="Rows to skip (the answer's `total` says how many matched)")] = 0,
          ) -> PatternResult:
    """Every way the pattern matches, a page at a time: each variable's actor, and each edge's evidence."""
    # A plain `def`: FastAPI runs it on a worker thread, off the event loop, and pyoxigraph
    # results are read on the thread that made them.
    try:
        return run_pattern(runner, q, min_confidence=min_confidence, limit=limit, offset=offset)
    except PatternError as exc:
        problem = HTTPException(400, str(exc))
    except QueryTimeout:
        problem = HTTPException(503, f"the query ran longer than {runner.timeout:g} s (KG_QUERY_TIMEOUT): "
                                     "name actors instead of variables, or drop a `+`")
    # Raised outside the handlers so no traceback (whose frames may hold a result iterator) goes with it.
    raise problem
