"""Reading the graph: SPARQL run under the service's limits, and the views the API and CLI share."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.query.sparql import (
        NotAcceptable,
        QueryRefused,
        QuerySentAsUpdate,
        QuerySyntaxError,
        UpdateSentAsQuery,
        rows,
        serialize,
    )
    from kg.store.base import Readable

__all__ = [
    "NotAcceptable",
    "QueryRefused",
    "QuerySentAsUpdate",
    "QuerySyntaxError",
    "Readable",
    "UpdateSentAsQuery",
    "rows",
    "serialize",
]
# Readable (anything that answers SPARQL) is named here so the layers above kg.query need not import kg.store.
_HOMES = {"Readable": "kg.store.base"}


def __getattr__(name: str):
    # Lazy, so a query worker process (kg.query.worker) starts without importing rdflib and spaCy.
    if name in __all__:
        return getattr(importlib.import_module(_HOMES.get(name, "kg.query.sparql")), name)
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")
