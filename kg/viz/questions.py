"""Example questions, filled in from what the store holds, as links to the query page."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from string import Template
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.errors import InvalidFilter, UnknownName
from kg.model import ACTOR, relation_family
from kg.query.overview import Overview
from kg.query.views import DATE_FILTERS, WHEN, parse_period

_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@dataclass(frozen=True)
class Question:
    """A question in words, the SPARQL (or pattern) that answers it, and the query page's link to it."""

    title: str
    text: str
    kind: str  # "sparql" or "pattern"

    @property
    def href(self) -> str:
        return "/sparql?" + urlencode({"query" if self.kind == "sparql" else "pattern": self.text})


@lru_cache(maxsize=1)
def _catalogue() -> dict:
    return tomllib.loads(files("kg.viz").joinpath("data", "questions.toml").read_text(encoding="utf-8"))


def questions(summary: Overview) -> list[Question]:
    """The catalogue's questions whose values the store has, filled in with them (escaped as SPARQL terms)."""
    values = _values(summary)
    found = []
    for entry in _catalogue()["question"]:
        needs = entry.get("needs", [])
        if all(need in values for need in needs):
            fill = {key: value for need in needs for key, value in values[need].items()}
            found.append(
                Question(
                    Template(entry["title"]).substitute(fill), Template(entry["sparql"]).substitute(fill), "sparql"
                )
            )
    found += [Question(entry["title"], entry["text"], "pattern") for entry in _catalogue()["pattern"]]
    return found


def _values(summary: Overview) -> dict[str, dict[str, str]]:
    values = {}
    span = summary.busiest_strike_place
    if span is not None:
        values["place"] = {
            "place": str(ox.Literal(span.place)),
            "label": span.place,
            "since": str(ox.Literal(span.first.isoformat(), datatype=_XSD_DATE)),
            "until": str(ox.Literal(span.last.isoformat(), datatype=_XSD_DATE)),
            "since_text": span.first.isoformat(),
            "until_text": span.last.isoformat(),
        }
    if summary.most_quoted is not None:
        values["actor"] = {
            "actor": str(ox.NamedNode(f"{ACTOR}{summary.most_quoted}")),
            "label": summary.most_quoted_label or summary.most_quoted,
        }
    return values


_EVENTS = (
    """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
# The events behind the graph or map you came from: %(described)s
# ?when is the event's own date, else its article's publication date (what since and until compare)
SELECT ?when ?whoLabel ?relation ?whomLabel ?placeLabel ?sentence ?event WHERE {
%(values)s  ?event ckg:relation ?r ; ckg:agent ?who ; ckg:target ?whom ; ckg:negated false ; ckg:sentence ?sentence .
  OPTIONAL { ?event ckg:date ?date } OPTIONAL { ?event ckg:place/rdfs:label ?placeLabel }
  OPTIONAL { ?event prov:wasDerivedFrom/dcterms:date ?published }
  ?who rdfs:label ?whoLabel . ?whom rdfs:label ?whomLabel .
  """
    + WHEN
    + """
%(filters)s  BIND(STRAFTER(STR(?r), "#") AS ?relation)
} ORDER BY ?when ?event"""
)


def events_query(filters: dict) -> str:
    """SPARQL for the events a graph or map view shows (relation with its kinds, actor, since, until; the dates
    filtered as every view filters them, kg.query.views.DATE_FILTERS); InvalidFilter for a filter that is not a
    relation, slug or date."""
    values, conditions, described = [], [], []
    if filters.get("relation"):
        try:
            family = relation_family(filters["relation"])
        except UnknownName as exc:
            raise InvalidFilter(str(exc)) from None
        names = " ".join(f"ckg:{name}" for name in sorted(family))
        values.append(f"VALUES ?r {{ {names} }}")
        described.append(f"relation {filters['relation']} and its kinds")
    if filters.get("actor"):
        try:
            actor = str(ox.NamedNode(f"{ACTOR}{filters['actor']}"))
        except ValueError:
            raise InvalidFilter(f"{filters['actor']!r} is not an actor slug") from None
        conditions.append(f"FILTER(?who = {actor} || ?whom = {actor})")
        described.append("actor " + actor)
    for name, day in zip(("since", "until"), parse_period(filters.get("since"), filters.get("until"))):
        if day is not None:
            values.append(f"VALUES ?{name} {{ {ox.Literal(day.isoformat(), datatype=_XSD_DATE)} }}")
            conditions.append(DATE_FILTERS[name])
            described.append(f"{name} {day.isoformat()}")
    return _EVENTS % {
        "values": "".join(f"  {line}\n" for line in values),
        "filters": "".join(f"  {line}\n" for line in conditions),
        "described": ", ".join(described),
    }
