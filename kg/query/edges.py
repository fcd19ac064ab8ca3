"""The actor graph as the graph page and /camps read it: events merged into edges, actor facts, affiliations.

Filters are SPARQL, the same as /relations: a relation family, statuses, and dates on the event's own date
else its article's (kg.query.views.WHEN)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.extract.extraction import STATUSES
from kg.namespaces import ACTOR, CKG, SPARQL_PROLOGUE, slug_of
from kg.query import Readable
from kg.query.views import DATE_FILTERS, STATUS_PATTERN, WHEN, date_literal, with_values

_EVENTS = (
    """SELECT ?event ?agent ?target ?relation ?date ?sentence ?confidence ?title ?url ?published ?place ?article
  ?status ?source ?sourceLabel ?words WHERE {
  ?event ckg:agent ?agent ; ckg:target ?target ; ckg:relation ?relation .
  %s
  OPTIONAL { ?event ckg:negated ?said } BIND(COALESCE(?said, false) AS ?negated)
  """
    + STATUS_PATTERN
    + """
  FILTER(?status IN (%s))
  OPTIONAL { ?event ckg:date ?date }
  OPTIONAL { ?event ckg:sentence ?sentence }
  OPTIONAL { ?event ckg:confidence ?confidence }
  OPTIONAL { ?event ckg:place/rdfs:label ?place }
  OPTIONAL { ?event prov:wasDerivedFrom ?article .
             OPTIONAL { ?article dcterms:title ?title }
             OPTIONAL { ?article dcterms:source ?url }
             OPTIONAL { ?article dcterms:date ?published } }
  """
    + WHEN
    + """
  %s
}"""
)
_ACTORS = (
    SPARQL_PROLOGUE
    + """
SELECT ?actor ?type ?label ?alias ?cameo WHERE {
  VALUES ?actor { %s }
  { ?actor a ?type } UNION { ?actor rdfs:label ?label } UNION { ?actor skos:altLabel ?alias }
  UNION { ?actor ckg:cameoCode ?cameo }
}"""
)
_AFFILIATIONS = (
    SPARQL_PROLOGUE
    + """
SELECT ?part ?whole WHERE { VALUES ?part { %s } ?part ckg:partOf|ckg:memberOf ?whole }"""
)
_IS_ACTOR = SPARQL_PROLOGUE + "ASK { ?actor a ?type . FILTER(STRSTARTS(STR(?type), STR(ckg:))) }"

DEFAULT_STATUSES = tuple(s for s in STATUSES if s != "denied")


@dataclass
class Edge:
    """Every event of one (agent, specific relation, target), merged."""

    source: str
    relation: str
    target: str
    evidence: list[dict] = field(default_factory=list)


def actor_exists(store: Readable, slug: str) -> bool:
    """Whether `slug` names an actor of the store."""
    try:
        node = ox.NamedNode(f"{ACTOR}{slug}")  # not rdflib's URIRef, which logs a warning for a bad IRI
    except ValueError:  # not even a valid IRI, so certainly not a stored actor
        return False
    return bool(store.query(_IS_ACTOR, substitutions={ox.Variable("actor"): node}))


def merged_edges(
    store: Readable,
    family: set[str] | None,
    start: dt.date | None,
    end: dt.date | None,
    statuses: tuple[str, ...] = DEFAULT_STATUSES,
) -> list[Edge]:
    """One Edge per (agent, relation, target), each event once, filtered by relation family, date and status."""
    values = ""
    if family is not None:
        names = " ".join(str(ox.NamedNode(str(CKG[name]))) for name in sorted(family))
        values = f"VALUES ?relation {{ {names} }}"
    # Status names are checked against STATUSES before they are written as ckg: terms.
    wanted = ", ".join(f"ckg:{name}" for name in statuses if name in STATUSES) or "ckg:fact"
    dates = {"since": date_literal(start), "until": date_literal(end)}
    filters = "\n  ".join(DATE_FILTERS[name] for name, value in dates.items() if value is not None)
    merged: dict[tuple[str, str, str], Edge] = {}
    seen: set[str] = set()
    for row in store.query(SPARQL_PROLOGUE + with_values(_EVENTS % (values, wanted, filters), **dates)):
        if row["event"].value in seen:
            continue
        seen.add(row["event"].value)
        key = (slug_of(row["agent"].value), slug_of(row["relation"].value), slug_of(row["target"].value))
        merged.setdefault(key, Edge(*key)).evidence.append(_evidence(row))
    return list(merged.values())


def _text(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return term.value if term is not None else None


def _evidence(row: ox.QuerySolution) -> dict:
    confidence = _text(row, "confidence")
    source = _text(row, "source")
    return {
        "sentence": _text(row, "sentence") or "",
        "title": _text(row, "title"),
        "url": _text(row, "url"),
        "date": _text(row, "date"),
        "published": _text(row, "published"),
        "place": _text(row, "place"),
        "confidence": float(confidence) if confidence is not None else None,
        "article": slug_of(_text(row, "article") or "") or None,
        "status": slug_of(_text(row, "status") or ""),
        "according_to": slug_of(source) if source else None,
        "according_to_label": _text(row, "sourceLabel"),
        "attribution": _text(row, "words"),
    }


def _values(slugs: set[str]) -> str:
    return " ".join(str(ox.NamedNode(str(ACTOR[slug]))) for slug in sorted(slugs))


def actor_facts(store: Readable, slugs: set[str]) -> dict[str, dict]:
    """Types, label, aliases and CAMEO code of each actor, in one query."""
    if not slugs:
        return {}
    facts: dict[str, dict] = defaultdict(lambda: {"types": set(), "aliases": set()})
    for row in store.query(_ACTORS % _values(slugs)):
        entry = facts[slug_of(row["actor"].value)]
        if row["type"] is not None:
            entry["types"].add(slug_of(row["type"].value))
        if row["alias"] is not None:
            entry["aliases"].add(row["alias"].value)
        for name in ("label", "cameo"):
            if row[name] is not None:
                entry[name] = row[name].value
    return facts


def affiliations(store: Readable, slugs: set[str]) -> list[tuple[str, str]]:
    """(part, whole) for each ckg:partOf / ckg:memberOf between two of `slugs`."""
    if not slugs:
        return []
    rows = store.query(_AFFILIATIONS % _values(slugs))
    pairs = {(slug_of(row["part"].value), slug_of(row["whole"].value)) for row in rows}
    return sorted((part, whole) for part, whole in pairs if whole in slugs and part != whole)
