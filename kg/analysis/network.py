"""Graph analysis over the read side: the filtered actor view, its camps and each actor's centrality.

Both the graph page (kg.viz.graph) and GET /camps use it; the reads themselves are kg.query.edges."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.analysis.camps import Camps, SignedTie, camp_colours, camps_from_signed_graph, signed_ties
from kg.errors import InvalidFilter, UnknownName
from kg.model import relation_family
from kg.query import Readable
from kg.query.edges import DEFAULT_STATUSES, Edge, actor_exists, actor_facts, affiliations, merged_edges
from kg.query.filters import CampFilters, GraphFilters
from kg.query.views import parse_statuses

# A guard against truly huge graphs, not a design size: 2,000 actors and 6,000 relations load and come to rest
# in a few seconds (bench/graph_page.py); past this many edges the page is a hairball and several MB of JSON,
# so the best-attested edges are shown and the page says so — the filters narrow the view instead.
MAX_EDGES = 10_000
AFFILIATION_WEIGHT = 2  # a part (partOf / memberOf) sides with its whole unless several reports say otherwise
CAMPS_BY = (
    "correlation clustering of the signed graph: backs and its kinds +, strikes, fights, warns and theirs −, "
    "partOf / memberOf +2; greedy and deterministic (kg/analysis/camps.py)"
)
CAMPS_FROM_FACTS = "from facts only: reported, alleged, intended and denied relations are not counted"
CAMPS_WITH_CLAIMS = "claims counted too: reported, alleged and intended relations weigh as facts do"


@dataclass(frozen=True)
class View:
    """The filtered edges (best attested first past MAX_EDGES), their actors, and the filters used."""

    edges: list[Edge]
    slugs: set[str]
    total: int
    filters: dict


def read_view(store: Readable, filters: GraphFilters) -> View:
    """The edges that match the filters; InvalidFilter (a ValueError) for an unknown relation or status, UnknownName
    (a KeyError) for an unknown actor."""
    statuses = parse_statuses(filters.status) or DEFAULT_STATUSES
    actor, floor = filters.actor, filters.min_corroboration
    if actor is not None and not actor_exists(store, actor):
        raise UnknownName(f"unknown actor {actor!r}")
    edges = merged_edges(store, _family(filters.relation), filters.since, filters.until, statuses)
    edges = _confident(edges, filters.min_confidence)
    if floor:
        edges = [e for e in edges if len({item["article"] for item in e.evidence}) >= floor]
    if actor is not None:
        edges = _neighbourhood(edges, actor, filters.depth)
    total, edges = len(edges), _best_attested(edges)
    slugs = {e.source for e in edges} | {e.target for e in edges} | ({actor} if actor else set())
    used = {
        "relation": filters.relation or None,
        "actor": actor,
        "since": filters.since and filters.since.isoformat(),
        "until": filters.until and filters.until.isoformat(),
        "depth": filters.depth,
        "status": ",".join(statuses) if statuses != DEFAULT_STATUSES else None,
        "min_corroboration": floor or None,
        "min_confidence": filters.min_confidence,
    }
    return View(edges, slugs, total, used)


def camps_of(store: Readable, view: View, with_claims: bool = False) -> Camps:
    """Camps from the facts of the view; with claims, from every evidence event shown."""

    def counts(item: dict) -> bool:
        return item["status"] == "fact" or (with_claims and item["status"] != "denied")

    weights = ((e, sum(map(counts, e.evidence))) for e in view.edges)
    ties = signed_ties((e.source, e.relation, e.target, weight) for e, weight in weights if weight)
    ties += [SignedTie(part, whole, AFFILIATION_WEIGHT) for part, whole in affiliations(store, view.slugs)]
    return camps_from_signed_graph(ties, actors=view.slugs)


def camp_list(camps: Camps, labels: dict[str, str], rings: dict[int, str]) -> list[dict]:
    """Each camp with its side, ring colour, weights and labelled members, for JSON."""
    return [
        {
            "id": camp.id,
            "side": camp.side,
            "color": rings.get(camp.id),
            "allied": camp.allied,
            "hostile": camp.hostile,
            "members": [{"slug": slug, "label": labels.get(slug, slug)} for slug in camp.members],
        }
        for camp in camps.camps
    ]


def centrality(view: View) -> dict[str, float]:
    """PageRank with events as weights; undirected, because acting matters as much as being acted on
    (directed, an actor that mostly acts, like the coalition in the seed, would rank near the bottom)."""
    graph = nx.Graph()
    graph.add_nodes_from(view.slugs)
    for edge in view.edges:
        if edge.source != edge.target:
            weight = graph.get_edge_data(edge.source, edge.target, {"weight": 0})["weight"] + len(edge.evidence)
            graph.add_edge(edge.source, edge.target, weight=weight)
    return nx.pagerank(graph, weight="weight") if len(graph) else {}


def camp_data(store: Readable, filters: CampFilters | None = None) -> dict:
    """The camps of the filtered actor graph: members, sides, agreement and each actor's camp (from facts
    only unless `filters.claims`). GraphFilters are CampFilters too, and their floor of articles applies."""
    filters = filters or CampFilters()
    # CampFilters read as GraphFilters: the same values, with no floor of articles unless they had one.
    view = read_view(store, GraphFilters.model_validate(filters, from_attributes=True))
    camps = camps_of(store, view, filters.claims)
    facts = actor_facts(store, view.slugs)
    labels = {slug: facts.get(slug, {}).get("label", slug) for slug in view.slugs}
    method = f"{CAMPS_BY}; {CAMPS_WITH_CLAIMS if filters.claims else CAMPS_FROM_FACTS}"
    return {
        "method": method,
        "agreement": camps.agreement,
        "camps": camp_list(camps, labels, camp_colours(camps)),
        "camp_of": dict(sorted(camps.camp_of.items())),
        "filters": view.filters | {"claims": filters.claims},
        "truncated": {"shown": len(view.edges), "total": view.total} if len(view.edges) < view.total else None,
    }


def _confident(edges: list[Edge], floor: float | None) -> list[Edge]:
    """Only evidence at least `floor` confident; edges left with none are dropped."""
    if floor is None:
        return edges
    for edge in edges:
        edge.evidence = [item for item in edge.evidence if (item["confidence"] or 0) >= floor]
    return [edge for edge in edges if edge.evidence]


def _best_attested(edges: list[Edge]) -> list[Edge]:
    """At most MAX_EDGES edges, those with the most evidence first."""
    if len(edges) <= MAX_EDGES:
        return edges
    ranked = sorted(edges, key=lambda e: (-len(e.evidence), e.source, e.relation, e.target))
    return ranked[:MAX_EDGES]


def _family(relation: str | None) -> set[str] | None:
    """The relation and every relation under it; None means all."""
    if relation is None or relation == "":
        return None
    try:
        return relation_family(relation)
    except UnknownName as exc:
        raise InvalidFilter(str(exc)) from None


def _neighbourhood(edges: list[Edge], actor: str, depth: int) -> list[Edge]:
    """The edges among actors within `depth` hops of `actor`, ignoring direction."""
    graph = nx.Graph()
    graph.add_node(actor)
    graph.add_edges_from((e.source, e.target) for e in edges)
    keep = set(nx.ego_graph(graph, actor, radius=depth))
    return [e for e in edges if e.source in keep and e.target in keep]
