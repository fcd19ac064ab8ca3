"""The filters of the actor-graph views (GET /graph, GET /camps, `kg viz`), written once as a pydantic model.

Period is a date range, `since` no later than `until`: every read that takes both (GET /relations, /articles,
/map, the query page's events, and through CampFilters GET /graph, /camps and `kg viz`) refuses them the other
way round with check_period's message, so an empty range reads as the mistake it is. CampFilters are what GET
/camps takes; GraphFilters adds the floor of corroborating articles the graph page has.
The API reads either straight from the query string, so the fields' names, types, bounds and descriptions are the
routes' parameters. The model checks each value's form; the names a value holds (a relation, an actor, a status)
are checked where the graph is read (kg.analysis.network), so an unknown one is a 400 listing the known ones."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kg.errors import InvalidFilter

STATUS_DOC = (
    "fact, reported, alleged, denied or intended (comma-separated or repeated; `claims` = reported and "
    "alleged); default: all but denied"
)
MAX_DEPTH = 5


def check_period(since: date | None, until: date | None) -> None:
    """InvalidFilter naming both dates when `since` is after `until`."""
    if since is not None and until is not None and since > until:
        raise InvalidFilter(f"since ({since}) is after until ({until}): swap them")


class Period(BaseModel):
    """Events from `since` to `until`, both days included, either end open."""

    model_config = ConfigDict(frozen=True)

    since: date | None = Field(
        None, description="Events on or after (event date, else article date), YYYY-MM-DD", examples=["2017-06-01"]
    )
    until: date | None = Field(None, description="Events on or before, YYYY-MM-DD", examples=["2017-06-30"])

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        check_period(self.since, self.until)  # pydantic reports the ValueError as this model's validation error
        return self


class PublishedPeriod(Period):
    """Articles published from `since` to `until` (GET /articles)."""

    since: date | None = Field(None, description="Published on or after, YYYY-MM-DD", examples=["2017-06-01"])
    until: date | None = Field(None, description="Published on or before, YYYY-MM-DD", examples=["2017-06-30"])


class CampFilters(Period):
    """Which relations of the actor graph are read, and whether claims count in its camps (GET /camps)."""

    relation: str | None = Field(None, description="Only this relation (and its sub-relations)", examples=["strikes"])
    actor: str | None = Field(
        None, description="Only actors within `depth` hops of this actor's slug", examples=["iran"]
    )
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


__all__ = ["STATUS_DOC", "CampFilters", "GraphFilters", "Period", "PublishedPeriod", "check_period"]
