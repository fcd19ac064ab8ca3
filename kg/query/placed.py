"""Placed events: every dated event at a place with coordinates, for the map and its timeline.

An event's date is its own, else its article's publication date, as every read's since/until has it
(kg.query.views.WHEN): the map shows and filters what /relations and /graph do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox
from pydantic import BaseModel, Field

from kg.namespaces import ACTOR, CKG, SPARQL_PROLOGUE, slug_of
from kg.query.readable import Readable
from kg.query.views import DATE_FILTERS, WHEN
from kg.vocabulary import relation_family

_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
# User values reach the query only as pyoxigraph terms in VALUES blocks or typed literals; the text is constant.
_PLACED = (
    SPARQL_PROLOGUE
    + """
SELECT ?event ?agent ?agentLabel ?relation ?target ?targetLabel ?when ?date ?precision ?place ?placeLabel ?lat
       ?long ?sentence ?confidence ?negated ?modality ?attributedTo ?attributedLabel ?article ?title ?url ?published
WHERE {
  %(values)s
  ?event ckg:agent ?agent ; ckg:relation ?relation ; ckg:target ?target ; ckg:place ?place .
  ?place geo:lat ?lat ; geo:long ?long .
  OPTIONAL { ?event ckg:date ?date }
  OPTIONAL { ?event prov:wasDerivedFrom ?article OPTIONAL { ?article dcterms:title ?title }
             OPTIONAL { ?article dcterms:source ?url } OPTIONAL { ?article dcterms:date ?published } }
  """
    + WHEN
    + """
  FILTER(BOUND(?when))
  %(filters)s
  OPTIONAL { ?place rdfs:label ?placeLabel }
  OPTIONAL { ?agent rdfs:label ?agentLabel } OPTIONAL { ?target rdfs:label ?targetLabel }
  OPTIONAL { ?event ckg:datePrecision ?precision } OPTIONAL { ?event ckg:sentence ?sentence }
  OPTIONAL { ?event ckg:confidence ?confidence } OPTIONAL { ?event ckg:negated ?negated }
  OPTIONAL { ?event ckg:modality ?modality }
  OPTIONAL { ?event ckg:attributedTo ?attributedTo OPTIONAL { ?attributedTo rdfs:label ?attributedLabel } }
} ORDER BY ?when ?event"""
)
_UNDATED = (
    SPARQL_PROLOGUE
    + """
SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {
  ?event ckg:place/geo:lat ?lat . FILTER NOT EXISTS { ?event ckg:date ?date }
  FILTER NOT EXISTS { ?event prov:wasDerivedFrom/dcterms:date ?published } }"""
)
_FILTERS = {**DATE_FILTERS, "actor": "FILTER(?agent = ?actor || ?target = ?actor)"}


class PlacedEvent(BaseModel):
    """One event on the map: where, when, who did what to whom, from which sentence, and how sure."""

    event: str = Field(description="Event id, the last segment of its IRI")
    relation: str
    agent: str
    agent_label: str
    target: str
    target_label: str
    date: dt.date = Field(description="Its own date, else its article's publication date (see date_from)")
    date_from: str = Field("event", description="event (its own date) or article (its article's publication date)")
    precision: str = Field(description="day, week, month or year")
    place: str
    lat: float
    long: float
    sentence: str
    confidence: float | None
    status: str = Field(description="fact, claim (attributed to someone), denied (negated) or announced (a modality)")
    attributed_to: str | None = Field(None, description="Label of who says so, for a claim")
    modality: str | None = None
    article: str | None = Field(None, description="Article id")
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


def placed_events(
    store: Readable,
    *,
    relation: str | None = None,
    actor: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[PlacedEvent]:
    """Dated events at a place with coordinates, oldest first; `relation` includes its sub-relations and
    `actor` keeps the events it is the agent or target of; `since` and `until` compare the event's date, else
    its article's. KeyError for an unknown relation."""
    values = {"since": _date(since), "until": _date(until), "actor": _actor(actor)}
    blocks = [f"VALUES ?{name} {{ {value} }}" for name, value in values.items() if value is not None]
    if relation:
        members = " ".join(str(ox.NamedNode(str(CKG[name]))) for name in sorted(relation_family(relation)))
        blocks.append(f"VALUES ?relation {{ {members} }}")
    filters = [_FILTERS[name] for name, value in values.items() if value is not None]
    rows = store.query(_PLACED % {"values": "\n  ".join(blocks), "filters": "\n  ".join(filters)})
    found: dict[str, PlacedEvent] = {}
    for row in rows:
        event = slug_of(row["event"].value)
        if event not in found:  # an event with two labels or places counts once
            found[event] = _placed(row)
    return list(found.values())


def undated_placed_count(store: Readable) -> int:
    """How many placed events have no date, neither their own nor their article's (the map leaves them out)."""
    return int(next(iter(store.query(_UNDATED)))["n"].value)


def _placed(row: ox.QuerySolution) -> PlacedEvent:
    # Values as text, None where unbound; the query binds agent, relation, target, when, lat and long.
    text: dict[str, Any] = {
        name: (row[name].value if row[name] is not None else None)
        for name in (
            "agent",
            "agentLabel",
            "relation",
            "target",
            "targetLabel",
            "when",
            "date",
            "precision",
            "placeLabel",
            "lat",
            "long",
            "sentence",
            "confidence",
            "negated",
            "modality",
            "attributedTo",
            "attributedLabel",
            "article",
            "title",
            "url",
            "published",
        )
    }
    attributed = text["attributedLabel"] or (text["attributedTo"] and slug_of(text["attributedTo"]))
    return PlacedEvent(
        event=slug_of(row["event"].value),
        relation=slug_of(text["relation"]),
        agent=slug_of(text["agent"]),
        agent_label=text["agentLabel"] or slug_of(text["agent"]),
        target=slug_of(text["target"]),
        target_label=text["targetLabel"] or slug_of(text["target"]),
        date=text["when"][:10],
        date_from="event" if text["date"] is not None else "article",
        precision=text["precision"] or "day",
        place=text["placeLabel"] or slug_of(row["place"].value),
        lat=float(text["lat"]),
        long=float(text["long"]),
        sentence=text["sentence"] or "",
        confidence=float(text["confidence"]) if text["confidence"] is not None else None,
        status=_status(text["negated"] == "true", text["modality"], attributed),
        attributed_to=attributed,
        modality=text["modality"],
        article=text["article"] and slug_of(text["article"]),
        title=text["title"],
        url=text["url"],
        published=text["published"] and text["published"][:10],
    )


def _status(negated: bool, modality: str | None, attributed: str | None) -> str:
    if negated:
        return "denied"
    if modality:
        return "announced"
    return "claim" if attributed else "fact"


def _date(value: dt.date | None) -> str | None:
    return None if value is None else str(ox.Literal(value.isoformat(), datatype=_XSD_DATE))


def _actor(slug: str | None) -> str | None:
    # pyoxigraph validates the IRI: a slug that cannot be one raises ValueError, which callers report.
    return None if slug is None else str(ox.NamedNode(f"{ACTOR}{slug}"))
