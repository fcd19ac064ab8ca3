"""The list of stored articles: id, title, url, publication day and how many relations each gave."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
from pydantic import BaseModel, Field

from kg.namespaces import SPARQL_PROLOGUE, slug_of
from kg.query.readable import Readable

_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_ARTICLES = """SELECT ?article ?title ?url ?published (COUNT(DISTINCT ?event) AS ?relations) WHERE {
  ?article a ckg:Article .
  OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article dcterms:source ?url }
  OPTIONAL { ?article dcterms:date ?published }
  %s
  OPTIONAL { ?event prov:wasDerivedFrom ?article }
} GROUP BY ?article ?title ?url ?published
ORDER BY DESC(?published) ?article"""
_COUNT = """SELECT (COUNT(DISTINCT ?article) AS ?n) WHERE {
  ?article a ckg:Article . OPTIONAL { ?article dcterms:date ?published }
  %s
}"""


class ArticleSummary(BaseModel):
    id: str = Field(description="First 16 hex digits of the SHA-256 of its normalised text; GET /articles/{id}")
    title: str | None
    url: str | None = Field(description="Where it appeared (never fetched)")
    published: dt.date | None
    relations: int = Field(description="Events read from it (denied and claimed ones included)")


class ArticlePage(BaseModel):
    total: int = Field(description="Articles matching the filters, before paging")
    limit: int
    offset: int
    articles: list[ArticleSummary]


def list_articles(
    store: Readable, *, since: dt.date | None = None, until: dt.date | None = None, limit: int = 100, offset: int = 0
) -> ArticlePage:
    """Stored articles, newest first (undated last), published within [since, until] when given."""
    # Dates are formatted here from dt.date objects, never user text.
    filters = " ".join(
        f'FILTER(BOUND(?published) && ?published {op} "{day.isoformat()}"^^<{_XSD_DATE.value}>)'
        for op, day in ((">=", since), ("<=", until))
        if day is not None
    )
    total = int(next(iter(store.query(SPARQL_PROLOGUE + _COUNT % filters)))["n"].value)
    # A page past the end is empty without asking: an engine may refuse a sorted OFFSET that deep (Virtuoso
    # sorts at most MaxSortedTopRows) though there is nothing to sort.
    page = f"\nLIMIT {int(limit)} OFFSET {int(offset)}"
    rows = store.query(SPARQL_PROLOGUE + _ARTICLES % filters + page) if offset < total and limit > 0 else []
    return ArticlePage(total=total, limit=limit, offset=offset, articles=[_summary(row) for row in rows])


def _summary(row: ox.QuerySolution) -> ArticleSummary:
    def value(name: str) -> str | None:
        return None if row[name] is None else row[name].value

    return ArticleSummary(
        id=slug_of(row["article"].value),
        title=value("title"),
        url=value("url"),
        published=value("published"),
        relations=int(value("relations") or 0),
    )
