"""GET /health: the service is up, and how much it holds."""
from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import Health
from kg.query.views import graph_counts

router = APIRouter(tags=["service"])


@router.get("/health", summary="Liveness and size of the graph")
def health(store: StoreDep) -> Health:
    """`ok`, with the number of triples (default graph) and articles."""
    counts = graph_counts(store)
    return Health(triples=counts.triples, articles=counts.articles)
