"""Links between the pages that keep the view's filters (relation, actor, since, until)."""

from __future__ import annotations

from urllib.parse import urlencode

FILTERS = ("relation", "actor", "since", "until")


def links(filters: dict) -> dict[str, str]:
    """The graph, map and query pages with the same filters, and the landing page and API docs."""
    kept = {name: str(filters[name]) for name in FILTERS if filters.get(name)}
    query = "?" + urlencode(kept) if kept else ""
    return {"home": "/", "graph": "/graph" + query, "map": "/map" + query, "query": "/sparql" + query, "docs": "/docs"}
