"""What the store holds, in a few numbers: articles, actors, events, their dates, and where to start asking."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
from pydantic import BaseModel, Field

from kg.namespaces import ACTOR, SPARQL_PROLOGUE, slug_of
from kg.query.readable import Readable
from kg.vocabulary import relation_family

_COUNTS = (
    SPARQL_PROLOGUE
    + """
SELECT ?articles ?actors ?events ?first ?last WHERE {
  { SELECT (COUNT(?a) AS ?articles) WHERE { ?a a ckg:Article } }
  { SELECT (COUNT(DISTINCT ?x) AS ?actors) WHERE { ?x a ?type . FILTER(STRSTARTS(STR(?x), "%s")) } }
  { SELECT (COUNT(?e) AS ?events) WHERE { ?e ckg:relation ?r } }
  # Its own pattern, not an OPTIONAL: MIN over unbound values would be unbound.
  OPTIONAL { SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?e ckg:date ?d } }
}"""
)
# The place with most dated events of the strikes family, and their first and last dates.
_BUSIEST_PLACE = (
    SPARQL_PROLOGUE
    + """
SELECT ?label (COUNT(?e) AS ?n) (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  VALUES ?r { %s }
  ?e ckg:relation ?r ; ckg:date ?d ; ckg:place ?p . ?p rdfs:label ?label ; geo:lat ?lat .
} GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1"""
)
_MOST_QUOTED = (
    SPARQL_PROLOGUE
    + """
SELECT ?actor (SAMPLE(?name) AS ?label) (COUNT(?e) AS ?n) WHERE {
  ?e ckg:attributedTo ?actor OPTIONAL { ?actor rdfs:label ?name } } GROUP BY ?actor ORDER BY DESC(?n) ?actor LIMIT 1"""
)


class PlaceSpan(BaseModel):
    """A place and the dates of the events there."""

    place: str
    events: int
    first: dt.date
    last: dt.date


class Overview(BaseModel):
    """The store at a glance, with the actor and place the example questions ask about."""

    articles: int
    actors: int
    events: int
    first: dt.date | None = Field(None, description="Earliest event date")
    last: dt.date | None = Field(None, description="Latest event date")
    busiest_strike_place: PlaceSpan | None = Field(None, description="Where most dated strikes happened")
    most_quoted: str | None = Field(None, description="Slug of the actor most events are attributed to")
    most_quoted_label: str | None = None


def overview(store: Readable) -> Overview:
    """Counts, the event date range, and the place and actor the example questions use."""
    row = next(iter(store.query(_COUNTS % ACTOR)))
    return Overview(
        articles=int(row["articles"].value),
        actors=int(row["actors"].value),
        events=int(row["events"].value),
        first=_day(row["first"]),
        last=_day(row["last"]),
        busiest_strike_place=_busiest_strike_place(store),
        **_most_quoted(store),
    )


def _busiest_strike_place(store: Readable) -> PlaceSpan | None:
    members = " ".join(f"ckg:{name}" for name in sorted(relation_family("strikes")))  # ontology names, not input
    row = next(iter(store.query(_BUSIEST_PLACE % members)), None)
    if row is None or row["label"] is None:
        return None
    return PlaceSpan(
        place=row["label"].value, events=int(row["n"].value), first=_day(row["first"]), last=_day(row["last"])
    )


def _most_quoted(store: Readable) -> dict[str, str | None]:
    row = next(iter(store.query(_MOST_QUOTED)), None)
    if row is None or row["actor"] is None:
        return {}
    slug = slug_of(row["actor"].value)
    return {"most_quoted": slug, "most_quoted_label": row["label"].value if row["label"] is not None else slug}


def _day(term: ox.Literal | None) -> dt.date | None:
    return None if term is None else dt.date.fromisoformat(term.value[:10])
