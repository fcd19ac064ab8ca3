"""Reading the graph: SPARQL run under the service's limits, and the views the API and CLI share."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.query.filters import CampFilters, GraphFilters
    from kg.query.readable import Readable
    from kg.query.sparql import (
        NotAcceptable,
        QueryRefused,
        QuerySentAsUpdate,
        QuerySyntaxError,
        UpdateSentAsQuery,
        rows,
        serialize,
    )

__all__ = [
    "CampFilters",
    "GraphFilters",
    "NotAcceptable",
    "QueryRefused",
    "QuerySentAsUpdate",
    "QuerySyntaxError",
    "Readable",
    "UpdateSentAsQuery",
    "rows",
    "serialize",
]
# Readable: what every read takes (anything that answers SPARQL), in its own light module; the graph views' filters
# in theirs.
_HOMES = {"Readable": "kg.query.readable", "CampFilters": "kg.query.filters", "GraphFilters": "kg.query.filters"}


def __getattr__(name: str):
    # Lazy, so a query worker process (kg.query.worker) starts without importing rdflib and spaCy.
    if name in __all__:
        return getattr(importlib.import_module(_HOMES.get(name, "kg.query.sparql")), name)
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")
