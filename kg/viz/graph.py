"""Nodes, edges and camps for the graph page: the analysed view (kg.analysis.network) as vis data."""

from __future__ import annotations

from kg.analysis.camps import camp_colours
from kg.analysis.network import (
    CAMPS_FROM_FACTS,
    CAMPS_WITH_CLAIMS,
    camp_list,
    camps_of,
    centrality,
    read_view,
)
from kg.extract.extraction import STATUSES
from kg.model import relations
from kg.query import Readable
from kg.query.edges import actor_facts
from kg.query.filters import GraphFilters
from kg.viz.elements import camp_positions, edge_dicts, legend, node_counts, node_dict, umbrella_of

MAX_EVIDENCE = 20
# Above this many actors the browser's layout is bounded: actors start grouped by camp (computed here), a
# capped number of Barnes-Hut iterations runs without vis's improvedLayout (quadratic), then physics stops.
LARGE_GRAPH = 300
LARGE_GRAPH_ITERATIONS = 60
# Weighted degree, not PageRank: on small graphs PageRank's random jumps lift the leaves of small parts (on the
# seed, Iran above the US-led coalition, which is in seven of its sentences). PageRank is in each node's panel.
SIZE_BY = "source sentences the actor is in (weighted degree)"


def graph_data(store: Readable, filters: GraphFilters | None = None) -> dict:
    """The filtered actor graph as JSON-ready nodes, edges, camps, legend, layout and relation menu.

    `filters.status` keeps evidence of those statuses (default all but denied); camps count facts only unless
    `filters.claims`."""
    filters = filters or GraphFilters()
    view = read_view(store, filters)
    facts = actor_facts(store, view.slugs)
    camps = camps_of(store, view, filters.claims)
    rings, ranks, counts = camp_colours(camps), centrality(view), node_counts(view.edges)
    top = max((counts[slug]["evidence"] for slug in view.slugs), default=0) or 1
    nodes = [
        node_dict(
            slug,
            facts.get(slug, {}),
            counts[slug],
            counts[slug]["evidence"] / top,
            ranks[slug],
            camps.camp_of.get(slug),
            rings.get(camps.camp_of.get(slug, -1)),
        )
        for slug in sorted(view.slugs)
    ]
    labels = {node["id"]: node["label"] for node in nodes}
    large = len(nodes) > LARGE_GRAPH
    if large:
        for node, (x, y) in zip(nodes, (camp_positions(camps, [n["id"] for n in nodes]))):
            node["x"], node["y"] = x, y
    return {
        "nodes": nodes,
        "edges": edge_dicts(view.edges, labels, MAX_EVIDENCE),
        "camps": camp_list(camps, labels, rings),
        "agreement": camps.agreement,
        "legend": legend(nodes, size_by=SIZE_BY, camps_from=CAMPS_WITH_CLAIMS if filters.claims else CAMPS_FROM_FACTS),
        "layout": {"large": large, "iterations": LARGE_GRAPH_ITERATIONS if large else 300},
        "relations": [{"name": name, "umbrella": umbrella_of(name)} for name in sorted(relations(), key=str.lower)],
        "filters": view.filters | {"claims": filters.claims},
        "statuses": list(STATUSES),
        "truncated": {"shown": len(view.edges), "total": view.total} if len(view.edges) < view.total else None,
    }
