"""Nodes and edges for the graph page, built from the event nodes of the store."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import networkx as nx
import pyoxigraph as ox

from kg.model import ACTOR, CKG, SPARQL_PROLOGUE, actor_iri, relation_family, relations, slug_of
from kg.store.base import Readable
from kg.viz.elements import Edge, edge_dicts, legend, node_dict, umbrella_of

# Beyond these a force layout is unreadable and the page too heavy; filters narrow the view instead.
MAX_EDGES = 1500
MAX_EVIDENCE = 20

_EVENTS = SPARQL_PROLOGUE + """
SELECT ?event ?agent ?target ?relation ?date ?sentence ?confidence ?title ?url ?published ?place WHERE {
  ?event ckg:agent ?agent ; ckg:target ?target ; ckg:relation ?relation .
  FILTER NOT EXISTS { ?event ckg:negated true }
  %s
  OPTIONAL { ?event ckg:date ?date }
  OPTIONAL { ?event ckg:sentence ?sentence }
  OPTIONAL { ?event ckg:confidence ?confidence }
  OPTIONAL { ?event ckg:place/rdfs:label ?place }
  OPTIONAL { ?event prov:wasDerivedFrom ?article .
             OPTIONAL { ?article dcterms:title ?title }
             OPTIONAL { ?article dcterms:source ?url }
             OPTIONAL { ?article dcterms:date ?published } }
}"""
_ACTORS = SPARQL_PROLOGUE + """
SELECT ?actor ?type ?label ?alias ?cameo WHERE {
  VALUES ?actor { %s }
  { ?actor a ?type } UNION { ?actor rdfs:label ?label } UNION { ?actor skos:altLabel ?alias }
  UNION { ?actor ckg:cameoCode ?cameo }
}"""
_IS_ACTOR = SPARQL_PROLOGUE + "ASK { ?actor a ?type . FILTER(STRSTARTS(STR(?type), STR(ckg:))) }"


def graph_data(store: Readable, *, relation: str | None = None, actor: str | None = None,
               since: str | date | None = None, until: str | date | None = None, depth: int = 1) -> dict:
    """The filtered actor graph as JSON-ready nodes, edges, legend and relation menu."""
    start, end, depth = _as_date(since, "since"), _as_date(until, "until"), _as_depth(depth)
    if actor is not None and not _actor_exists(store, actor):
        raise KeyError(f"unknown actor {actor!r}")
    edges = _merged_edges(store, _family(relation), start, end)
    if actor is not None:
        edges = _neighbourhood(edges, actor, depth)
    total = len(edges)
    edges = _best_attested(edges)
    slugs = {e.source for e in edges} | {e.target for e in edges} | ({actor} if actor else set())
    nodes = _nodes(store, slugs, edges)
    return {
        "nodes": nodes,
        "edges": edge_dicts(edges, {node["id"]: node["label"] for node in nodes}, MAX_EVIDENCE),
        "legend": legend(nodes),
        "relations": [{"name": name, "umbrella": umbrella_of(name)} for name in sorted(relations(), key=str.lower)],
        "filters": {"relation": relation or None, "actor": actor, "since": start and start.isoformat(),
                    "until": end and end.isoformat(), "depth": depth},
        "truncated": {"shown": len(edges), "total": total} if len(edges) < total else None,
    }


def _as_depth(value: int | str) -> int:
    try:
        depth = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"depth must be a whole number, not {value!r}") from None
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    return depth


def _best_attested(edges: list[Edge]) -> list[Edge]:
    """At most MAX_EDGES edges, those with the most evidence first."""
    if len(edges) <= MAX_EDGES:
        return edges
    ranked = sorted(edges, key=lambda e: (-len(e.evidence), e.source, e.relation, e.target))
    return ranked[:MAX_EDGES]


def _as_date(value: str | date | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date like 2017-06-06, not {value!r}") from None


def _family(relation: str | None) -> set[str] | None:
    """The relation and every relation under it; None means all."""
    if relation is None or relation == "":
        return None
    try:
        return relation_family(relation)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None


def _actor_exists(store: Readable, slug: str) -> bool:
    try:
        node = ox.NamedNode(str(actor_iri(slug)))
    except ValueError:  # not even a valid IRI, so certainly not a stored actor
        return False
    return bool(store.query(_IS_ACTOR, substitutions={ox.Variable("actor"): node}))


def _merged_edges(store: Readable, family: set[str] | None, start: date | None, end: date | None) -> list[Edge]:
    """One Edge per (agent, relation, target), each event once, filtered by date."""
    values = ""
    if family is not None:
        values = "VALUES ?relation { %s }" % " ".join(str(ox.NamedNode(str(CKG[name]))) for name in sorted(family))
    merged: dict[tuple[str, str, str], Edge] = {}
    seen: set[str] = set()
    for row in store.query(_EVENTS % values):
        if row["event"].value in seen or not _in_range(_text(row, "date"), start, end):
            continue
        seen.add(row["event"].value)
        key = (slug_of(row["agent"].value), slug_of(row["relation"].value), slug_of(row["target"].value))
        merged.setdefault(key, Edge(*key)).evidence.append(_evidence(row))
    return list(merged.values())


def _in_range(day: str | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    when = date.fromisoformat(day[:10])
    return (start is None or when >= start) and (end is None or when <= end)


def _text(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return term.value if term is not None else None


def _evidence(row: ox.QuerySolution) -> dict:
    confidence = _text(row, "confidence")
    return {"sentence": _text(row, "sentence") or "", "title": _text(row, "title"), "url": _text(row, "url"),
            "date": _text(row, "date"), "published": _text(row, "published"), "place": _text(row, "place"),
            "confidence": float(confidence) if confidence is not None else None}


def _neighbourhood(edges: list[Edge], actor: str, depth: int) -> list[Edge]:
    """The edges among actors within `depth` hops of `actor`, ignoring direction."""
    graph = nx.Graph()
    graph.add_node(actor)
    graph.add_edges_from((e.source, e.target) for e in edges)
    keep = set(nx.ego_graph(graph, actor, radius=depth))
    return [e for e in edges if e.source in keep and e.target in keep]


def _nodes(store: Readable, slugs: set[str], edges: list[Edge]) -> list[dict]:
    facts = _actor_facts(store, slugs)
    weight, out_edges, in_edges = defaultdict(int), defaultdict(int), defaultdict(int)
    for edge in edges:
        weight[edge.source] += len(edge.evidence)
        weight[edge.target] += len(edge.evidence)
        out_edges[edge.source] += 1
        in_edges[edge.target] += 1
    return [node_dict(slug, facts.get(slug, {}), weight[slug], out_edges[slug], in_edges[slug])
            for slug in sorted(slugs)]


def _actor_facts(store: Readable, slugs: set[str]) -> dict[str, dict]:
    """Types, label, aliases and CAMEO code of each actor, in one query."""
    if not slugs:
        return {}
    values = " ".join(str(ox.NamedNode(str(ACTOR[slug]))) for slug in sorted(slugs))
    facts: dict[str, dict] = defaultdict(lambda: {"types": set(), "aliases": set()})
    for row in store.query(_ACTORS % values):
        entry = facts[slug_of(row["actor"].value)]
        if row["type"] is not None:
            entry["types"].add(slug_of(row["type"].value))
        if row["alias"] is not None:
            entry["aliases"].add(row["alias"].value)
        for name in ("label", "cameo"):
            if row[name] is not None:
                entry[name] = row[name].value
    return facts


