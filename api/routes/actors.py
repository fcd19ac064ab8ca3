"""GET /actors and /actors/{slug}: who is in the graph, and what each did and had done to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from api.deps import RunnerDep
from api.evidence import EvidenceDep
from api.schemas import ActorDetail, ActorPage, problems
from api.tabular import CSV_RESPONSE, Format, csv_response, wants_csv
from kg.query.tables import ACTOR_COLUMNS, actor_rows, to_csv
from kg.query.views import actor_detail, list_actors

router = APIRouter(tags=["graph"])

# The examples show in /docs and give schemathesis requests that find something.
ActorType = Annotated[
    str | None, Query(description="Actor class, e.g. State, Militia; ArmedGroup includes Militia", examples=["State"])
]
Name = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="Part of a name or alias (any case)", examples=["assad"]),
]
OldName = Annotated[str | None, Query(min_length=1, max_length=200, deprecated=True, description="Old name of `name`")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Actors per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Actors to skip")]
Slug = Annotated[str, Path(description="The actor's slug, as /actors lists it", examples=["iran"])]


@router.get(
    "/actors", response_model=ActorPage, responses={**problems(400, 406, 422), **CSV_RESPONSE}, summary="List actors"
)
def actors(
    request: Request,
    runner: RunnerDep,
    type: ActorType = None,
    name: Name = None,
    q: OldName = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = None,
) -> ActorPage | Response:
    """Actors sorted by name, with how many relations go out of and into each; `total` counts every match.
    As CSV (`Accept: text/csv` or `format=csv`): the page's actors, one a row."""
    csv_wanted = wants_csv(request, format)
    found = list_actors(runner, type=type, name=name or q)  # an unknown type: UnknownName, a 400 (api/errors.py)
    page = ActorPage(total=len(found), limit=limit, offset=offset, actors=found[offset : offset + limit])
    if csv_wanted:
        return csv_response(to_csv(ACTOR_COLUMNS, actor_rows(page.actors)), "actors")
    return page


@router.get("/actors/{slug}", responses=problems(400, 404, 422), summary="One actor with its relations")
def actor(runner: RunnerDep, slug: Slug, evidence: EvidenceDep) -> ActorDetail:
    """Names, type, CAMEO code, affiliations and the relations out and in, each with its evidence and its status
    (denied ones included unless `status` says otherwise)."""
    found = actor_detail(runner, slug, evidence)
    if found is None:
        raise HTTPException(404, f"no actor {slug!r} in the graph: GET /actors?name=<name> lists slugs")
    return found
