"""Triple stores behind one interface: embedded Oxigraph (disk, memory) and external SPARQL 1.1 engines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.store.base import (
    DiskFull,
    LoadError,
    QueryResult,
    Store,
    StoreBusyError,
    StoreError,
    StoreMissing,
    StoreTimeout,
    StoreUnavailable,
)
from kg.store.oxigraph import OxigraphStore

if TYPE_CHECKING:
    from kg.store.remote import SparqlHttpStore

_SCHEMES = ("sparql+http://", "sparql+https://")  # kg.store.protocol's, here so a local store never imports httpx

__all__ = [
    "DiskFull",
    "LoadError",
    "OxigraphStore",
    "QueryResult",
    "SparqlHttpStore",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreMissing",
    "StoreTimeout",
    "StoreUnavailable",
    "open_store",
]


def open_store(location: str, *, update: str | None = None, timeout: float = 10.0, create: bool = True) -> Store:
    """The store `KG_STORE` names: `memory`, a directory, or a sparql+http(s):// query endpoint URL.

    For an engine, `update` is `KG_STORE_UPDATE` (derived from the query URL when None) and `timeout`
    the seconds a query may take (`KG_QUERY_TIMEOUT`). With `create=False` a directory that does not
    exist, or holds no store, raises StoreMissing instead of becoming a new, empty store (a mistyped path, or
    `--store .`, reads as no data)."""
    if location == "memory":
        return OxigraphStore()
    if location.startswith(_SCHEMES):
        from kg.store.remote import SparqlHttpStore

        return SparqlHttpStore(location, update, timeout=timeout)
    path = Path(location).expanduser()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory: name a directory (KG_STORE or --store)")
    if not create and not (path / "CURRENT").is_file():  # RocksDB's pointer to its manifest: in every store
        raise StoreMissing(
            f"there is no store at {path}: ingest articles into it first (kg ingest --store {path} "
            "PATH…), or name an existing one (KG_STORE or --store)"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store at {path}: {exc.strerror or exc}") from None
    return OxigraphStore(path)


def __getattr__(name: str):
    # Lazy: the remote store imports httpx (and through it rich), ~0.2 s of every local server's start.
    if name == "SparqlHttpStore":
        from kg.store.remote import SparqlHttpStore

        return SparqlHttpStore
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
