"""GET /relations: direct relations between actors, each with the events and articles that attest it."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import RunnerDep
from api.schemas import Relation, problems
from kg.query.views import relations as find_relations

router = APIRouter(tags=["graph"])

# The examples show in /docs and give schemathesis requests that find something.
RelationType = Annotated[str | None, Query(description="Relation name, e.g. backs; includes sub-relations",
                                           examples=["backs"])]
Source = Annotated[str | None, Query(description="Slug of the acting actor", examples=["iran"])]
Target = Annotated[str | None, Query(description="Slug of the actor acted on", examples=["assad-regime"])]
Since = Annotated[date | None, Query(description="Events on or after (event date, else article date), YYYY-MM-DD",
                                     examples=["2017-06-01"])]
Until = Annotated[date | None, Query(description="Events on or before, YYYY-MM-DD", examples=["2017-06-30"])]
MinConfidence = Annotated[float | None, Query(ge=0, le=1, description="Only events at least this confident (0-1)",
                                              examples=[0.8])]


@router.get("/relations", responses=problems(400, 422), summary="Relations with their evidence")
def relations(runner: RunnerDep, type: RelationType = None, source: Source = None, target: Target = None,
              since: Since = None, until: Until = None, min_confidence: MinConfidence = None) -> list[Relation]:
    """Asserted (not negated) relations matching every given filter, each with its evidence sentences and articles."""
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until}): swap them")
    try:
        return find_relations(runner, type=type, source=source, target=target, since=since, until=until,
                              min_confidence=min_confidence)
    except KeyError as exc:  # an unknown relation: the message lists the known ones
        raise HTTPException(400, exc.args[0]) from None
