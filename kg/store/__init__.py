"""Triple stores behind one interface: embedded Oxigraph (disk, memory) and external SPARQL 1.1 engines."""
from __future__ import annotations

from pathlib import Path

from kg.store.base import DiskFull, LoadError, QueryResult, Store, StoreBusyError, StoreError, StoreTimeout, StoreUnavailable
from kg.store.oxigraph import OxigraphStore
from kg.store.protocol import SCHEMES
from kg.store.remote import SparqlHttpStore

__all__ = ["DiskFull", "LoadError", "OxigraphStore", "QueryResult", "SparqlHttpStore", "Store", "StoreBusyError", "StoreError", "StoreTimeout",
           "StoreUnavailable", "open_store"]


def open_store(location: str, *, update: str | None = None, timeout: float = 10.0) -> Store:
    """The store `KG_STORE` names: `memory`, a directory, or a sparql+http(s):// query endpoint URL.

    For an engine, `update` is `KG_STORE_UPDATE` (derived from the query URL when None) and `timeout`
    the seconds a query may take (`KG_QUERY_TIMEOUT`)."""
    if location == "memory":
        return OxigraphStore()
    if location.startswith(SCHEMES):
        return SparqlHttpStore(location, update, timeout=timeout)
    path = Path(location).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return OxigraphStore(path)
