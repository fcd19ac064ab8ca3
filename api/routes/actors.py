"""GET /actors and /actors/{slug}: who is in the graph, and what each did and had done to it."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import StoreDep
from api.schemas import ActorDetail, ActorPage, problems
from kg.query.views import actor_detail, list_actors

router = APIRouter(tags=["graph"])


@router.get("/actors", responses=problems(400, 422), summary="List actors")
def actors(store: StoreDep,
           type: Annotated[str | None, Query(description="Actor class, e.g. State, Militia, ArmedGroup")] = None,
           q: Annotated[str | None, Query(min_length=1, description="Part of a name or alias (any case)")] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100,
           offset: Annotated[int, Query(ge=0)] = 0) -> ActorPage:
    """Actors sorted by name, with how many relations go out of and into each."""
    try:
        found = list_actors(store, type=type, q=q)
    except KeyError as exc:
        raise HTTPException(400, exc.args[0]) from None
    return ActorPage(total=len(found), limit=limit, offset=offset, actors=found[offset:offset + limit])


@router.get("/actors/{slug}", responses=problems(404), summary="One actor with its relations")
def actor(store: StoreDep, slug: str) -> ActorDetail:
    """Names, type, affiliations and the relations out and in, each with its evidence."""
    found = actor_detail(store, slug)
    if found is None:
        raise HTTPException(404, f"no actor {slug!r} in the graph: GET /actors?q=<name> lists slugs")
    return found
