"""GET /relations: direct relations between actors, each with the events and articles that attest it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from api.deps import RunnerDep
from api.evidence import EvidenceDep
from api.schemas import RelationPage, problems
from api.tabular import CSV_RESPONSE, Format, csv_response, wants_csv
from kg.query.filters import Period
from kg.query.tables import RELATION_COLUMNS, relation_rows, to_csv
from kg.query.views import relation_page

router = APIRouter(tags=["graph"])

# The examples show in /docs and give schemathesis requests that find something.
RelationType = Annotated[
    str | None, Query(description="Relation name, e.g. backs; includes sub-relations", examples=["backs"])
]
Source = Annotated[str | None, Query(description="Slug of the acting actor", examples=["iran"])]
Target = Annotated[str | None, Query(description="Slug of the actor acted on", examples=["assad-regime"])]
MinCorroboration = Annotated[
    int, Query(ge=0, le=1_000_000, description="Only relations affirmed by at least this many distinct articles")
]
Sort = Annotated[
    Literal["name", "corroboration", "confidence"],
    Query(
        description="name (source, relation, target), corroboration (most articles first) or confidence (highest first)"
    ),
]
Limit = Annotated[int, Query(ge=1, le=10_000, description="Relations per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Relations to skip")]


@router.get(
    "/relations",
    response_model=RelationPage,
    responses={**problems(400, 406, 422), **CSV_RESPONSE},
    summary="Relations with their evidence",
)
def relations(
    request: Request,
    runner: RunnerDep,
    evidence: EvidenceDep,
    period: Annotated[Period, Query()],
    type: RelationType = None,
    source: Source = None,
    target: Target = None,
    min_corroboration: MinCorroboration = 0,
    sort: Sort = "name",
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = None,
) -> RelationPage | Response:
    """Relations matching every filter, paged (`total` counts every match), each with its evidence: sentence,
    article, status (fact, reported, alleged, denied, intended), who says so, confidence, and how many articles
    corroborate it. As CSV (`Accept: text/csv` or `format=csv`): one row per evidence event of the page."""
    csv_wanted = wants_csv(request, format)
    # An unknown relation or sort: UnknownName, a 400 listing the known ones (api/errors.py).
    page = relation_page(
        runner,
        type=type,
        source=source,
        target=target,
        since=period.since,
        until=period.until,
        evidence=evidence,
        min_corroboration=min_corroboration,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    if csv_wanted:
        return csv_response(to_csv(RELATION_COLUMNS, relation_rows(page.relations)), "relations")
    return page
