"""Response bodies of the HTTP API (the graph views themselves are kg.query.views models)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from kg.extract import Extraction
from kg.ingest import Article
from kg.query.articles import ArticlePage, ArticleSummary
from kg.query.views import ActorDetail, ActorSummary, ArticleDetail, Evidence, Relation, RelationPage

__all__ = [
    "ActorDetail",
    "ActorPage",
    "ActorSummary",
    "ArticleAdded",
    "ArticleDetail",
    "ArticleIn",
    "ArticlePage",
    "ArticleSummary",
    "Evidence",
    "Health",
    "Problem",
    "Relation",
    "RelationPage",
]

ArticleIn = Article  # POST /articles takes an Article as JSON; its validators reject empty text


class Problem(BaseModel):
    """Every 4xx answer: what was wrong and what to do."""

    detail: str


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    triples: int | None = Field(
        description="Triples in the default graph, as last counted (the service recounts "
        "after writes); null while the first count of a large store runs"
    )
    articles: int | None = Field(description="Articles, as last counted; null while the first count runs")


class ActorPage(BaseModel):
    total: int = Field(description="Actors matching the filters, before paging")
    limit: int
    offset: int
    actors: list[ActorSummary]


class ArticleAdded(BaseModel):
    article: str = Field(description="The article id: first 16 hex digits of the SHA-256 of its normalised text")
    added: bool = Field(description="False when the same text was already stored (nothing was added)")
    relations: list[Extraction] = Field(description="The relations extracted and stored; empty when not added")


Responses = dict[int | str, dict[str, Any]]  # what FastAPI's `responses=` takes
PROBLEMS: Responses = {code: {"model": Problem} for code in (400, 401, 403, 404, 406, 413, 415, 422, 503)}


def problems(*codes: int) -> Responses:
    """OpenAPI `responses=` entries for the error codes a route can answer with."""
    return {code: PROBLEMS[code] for code in codes}
