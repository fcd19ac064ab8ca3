"""GET /camps: who sides with whom, from the signed actor graph (kg.analysis)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import RunnerDep
from api.schemas import problems
from kg.query.filters import CampFilters

router = APIRouter(tags=["graph"])


class CampMember(BaseModel):
    slug: str
    label: str


class Camp(BaseModel):
    id: int = Field(description="1 is the largest camp")
    side: int | None = Field(description="1 or 2: which side of the hostile camps; null with no hostile tie")
    members: list[CampMember] = Field(description="Most tied actor first")
    allied: float = Field(description="Events backing one another inside the camp")
    hostile: float = Field(description="Hostile events inside the camp (what the partition gets wrong)")
    color: str | None = Field(description="The ring colour on /graph; null for one-actor and small camps")


class Shown(BaseModel):
    shown: int
    total: int


class Camps(BaseModel):
    method: str = Field(description="How the camps were computed")
    agreement: float = Field(description="Share of tie weight the camps agree with: allied within, hostile across")
    camps: list[Camp]
    camp_of: dict[str, int] = Field(description="Each actor's camp id")
    filters: dict[str, str | int | float | bool | None]
    truncated: Shown | None = Field(description="Set when only the best-attested relations were used")


@router.get("/camps", response_model=Camps, responses=problems(400, 422, 503), summary="Camps of actors")
def camps(runner: RunnerDep, filters: Annotated[CampFilters, Query()]) -> dict:
    """Camps maximising agreement with the signed graph: backs and its kinds +, strikes / fights / warns −,
    partOf / memberOf +; with their sides, the agreement reached and each actor's camp. Only relations stated as
    fact count unless `claims=true`."""
    # Loaded when asked for, as the page renderer is on /graph: networkx is not needed for the rest of the API.
    from kg.analysis.network import camp_data

    # An unknown relation or actor, or a bad filter: UnknownName or InvalidFilter, a 400 (api/errors.py).
    return camp_data(runner, filters)
