"""Reading the graph: checked SPARQL and the views the API and CLI share."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.query.sparql import (CheckedQuery, QueryRefused, QuerySyntaxError, check_query, check_update, evaluate,
                                 rows, run_query, serialize)

__all__ = ["CheckedQuery", "QueryRefused", "QuerySyntaxError", "check_query", "check_update", "evaluate", "rows",
           "run_query", "serialize"]


def __getattr__(name: str):
    # Lazy, so a query worker process (kg.query.worker) starts without importing rdflib and spaCy.
    if name in __all__:
        return getattr(importlib.import_module("kg.query.sparql"), name)
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")
