"""Triple stores behind one interface: embedded Oxigraph (disk, memory) and external SPARQL 1.1 engines."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.store.base import LoadError, QueryResult, Store, StoreBusyError, StoreError, StoreTimeout, StoreUnavailable
from kg.store.oxigraph import OxigraphStore

if TYPE_CHECKING:
    from kg.store.remote import SparqlHttpStore

SCHEMES = ("sparql+http://", "sparql+https://")  # kg.store.protocol's, here so a local store never imports httpx

__all__ = ["LoadError", "OxigraphStore", "QueryResult", "SparqlHttpStore", "Store", "StoreBusyError", "StoreError", "StoreTimeout",
           "StoreUnavailable", "open_store"]


def open_store(location: str, *, update: str | None = None, timeout: float = 10.0) -> Store:
    """The store `KG_STORE` names: `memory`, a directory, or a sparql+http(s):// query endpoint URL.

    For an engine, `update` is `KG_STORE_UPDATE` (derived from the query URL when None) and `timeout`
    the seconds a query may take (`KG_QUERY_TIMEOUT`)."""
    if location == "memory":
        return OxigraphStore()
    if location.startswith(SCHEMES):
        from kg.store.remote import SparqlHttpStore
        return SparqlHttpStore(location, update, timeout=timeout)
    path = Path(location).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return OxigraphStore(path)


def __getattr__(name: str):
    # Lazy: the remote store imports httpx (and through it rich), ~0.2 s of every local server's start.
    if name == "SparqlHttpStore":
        from kg.store.remote import SparqlHttpStore
        return SparqlHttpStore
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
