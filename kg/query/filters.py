"""The filters of the actor-graph views (GET /graph, GET /camps, `kg viz`), written once as a pydantic model.

CampFilters are what GET /camps takes; GraphFilters adds the floor of corroborating articles the graph page has.
The API reads either straight from the query string, so the fields' names, types, bounds and descriptions are the
routes' parameters. The model checks each value's form; the names a value holds (a relation, an actor, a status)
are checked where the graph is read (kg.analysis.network), so an unknown one is a 400 listing the known ones."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

STATUS_DOC = (
    "fact, reported, alleged, denied or intended (comma-separated or repeated; `claims` = reported and "
    "alleged); default: all but denied"
)
MAX_DEPTH = 5


class CampFilters(BaseModel):
    """Which relations of the actor graph are read, and whether claims count in its camps (GET /camps)."""

    model_config = ConfigDict(frozen=True)

    relation: str | None = Field(None, description="Only this relation (and its sub-relations)", examples=["strikes"])
    actor: str | None = Field(
        None, description="Only actors within `depth` hops of this actor's slug", examples=["iran"]
    )
    since: date | None = Field(None, description="Events on or after, YYYY-MM-DD")
    until: date | None = Field(None, description="Events on or before, YYYY-MM-DD")
    depth: int = Field(1, ge=0, le=MAX_DEPTH, description="Hops around `actor`")
    status: str | None = Field(None, max_length=200, description=STATUS_DOC)
    claims: bool = Field(
        False, description="Count reported, alleged and intended relations in the camps (default: facts only)"
    )
    min_confidence: float | None = Field(None, ge=0, le=1, description="Only events at least this confident (0-1)")


class GraphFilters(CampFilters):
    """CampFilters and a floor of corroborating articles: GET /graph and `kg viz`."""

    min_corroboration: int = Field(
        0, ge=0, le=1_000_000, description="Only relations affirmed by at least this many articles"
    )


__all__ = ["STATUS_DOC", "CampFilters", "GraphFilters"]
