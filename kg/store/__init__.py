"""Triple stores behind one interface: embedded Oxigraph (disk, memory)."""
from __future__ import annotations

from pathlib import Path

from kg.store.base import QueryResult, Store, StoreBusyError, StoreError
from kg.store.oxigraph import OxigraphStore

__all__ = ["OxigraphStore", "QueryResult", "Store", "StoreBusyError", "StoreError", "open_store"]


def open_store(location: str) -> Store:
    """The store `KG_STORE` names: `memory`, a directory, or (not yet) a sparql+http(s) URL."""
    if location == "memory":
        return OxigraphStore()
    if location.startswith(("sparql+http://", "sparql+https://")):
        raise StoreError("external SPARQL stores (sparql+http…) are not supported yet; use a directory or `memory`")
    path = Path(location).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return OxigraphStore(path)
