"""conflict-kg: news about armed conflicts → an RDF knowledge graph of who did what to whom.

`kg.open(store)` is the Python API (kg.reader): relations(), actors(), pattern() and sparql() on a store.
"""

from __future__ import annotations

import importlib

__all__ = ["open"]


def __getattr__(name: str):
    # Lazy, so importing any kg module (a query worker process, the CLI) does not load the read side.
    if name == "open":
        return importlib.import_module("kg.reader").open_graph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
