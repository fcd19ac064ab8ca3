"""GET /relations: direct relations between actors, each with the events and articles that attest it."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import StoreDep
from api.schemas import Relation, problems
from kg.query.views import relations as find_relations

router = APIRouter(tags=["graph"])


@router.get("/relations", responses=problems(400, 422), summary="Relations with their evidence")
def relations(store: StoreDep,
              type: Annotated[str | None, Query(description="Relation name, e.g. backs; includes sub-relations")] = None,
              source: Annotated[str | None, Query(description="Slug of the acting actor")] = None,
              target: Annotated[str | None, Query(description="Slug of the actor acted on")] = None,
              since: Annotated[date | None, Query(description="Events on or after (event date, else article date)")] = None,
              until: Annotated[date | None, Query(description="Events on or before")] = None) -> list[Relation]:
    """Asserted (not negated) relations matching every given filter."""
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until}): swap them")
    try:
        return find_relations(store, type=type, source=source, target=target, since=since, until=until)
    except KeyError as exc:
        raise HTTPException(400, exc.args[0]) from None
