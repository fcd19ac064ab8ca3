"""GET /health: the service is up, and how much it holds."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServiceDep
from api.schemas import Health

router = APIRouter(tags=["service"])


@router.get("/health", summary="Liveness and size of the graph")
def health(service: ServiceDep) -> Health:
    """`ok`, with the number of triples (default graph) and articles as last counted: the service counts
    in the background at start and after writes, so this answers at once even on a large store."""
    counts = service.tally.current()
    if counts is None:  # the first count of a large store is still running
        return Health(triples=None, articles=None)
    return Health(triples=counts.triples, articles=counts.articles)
