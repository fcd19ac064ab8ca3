"""Response bodies of the HTTP API (the graph views themselves are kg.query.views models)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

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

# A scheme, then no blanks: what makes a `url` something a reader can follow (https:, http:, urn:, doi:…).
_ABSOLUTE_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


class ArticleIn(Article):
    """POST /articles' article: an Article (its validators reject empty text) whose `url`, when given, is absolute."""

    @field_validator("url")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        # Stored, shown and exported as where the text appeared: "example.org/story" or a phrase would mislead there.
        if value is None or not value.strip():
            return None  # "" from a form or a client that always sends the field: no url
        if not _ABSOLUTE_URL.fullmatch(value.strip()):
            raise ValueError(
                "url must be an absolute URL, e.g. https://example.org/story (it is stored, never fetched)"
            )
        return value


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
