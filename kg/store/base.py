"""The store interface every back-end implements, and the errors they share."""

from __future__ import annotations

import errno
import io
import shutil
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

import pyoxigraph as ox

from kg.errors import KGError
from kg.limits import QueryTimeout

if TYPE_CHECKING:  # rdflib is imported where triples are converted: a server reading a stored graph never does
    from rdflib import BNode, Literal, URIRef

    from kg.store.written import Written

# pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples, or a back-end's look-alike of one (remote.Solutions,
# the runner's buffered solutions): the query's form says which, so callers know it and the type says no more.
QueryResult = Any


class StoreError(KGError, RuntimeError):
    """The store could not do what was asked; the message says why."""


class StoreBusyError(StoreError):
    """Another process holds the on-disk store (e.g. a running `kg serve`); `server` is its URL when known."""

    def __init__(self, message: str, server: str | None = None) -> None:
        super().__init__(message)
        self.server = server


class StoreMissing(StoreError):
    """A command that only reads was pointed at a store directory that does not exist."""


class StoreUnavailable(StoreError):
    """An external engine could not be reached, or did not answer."""


class StoreTimeout(QueryTimeout, StoreUnavailable):
    """An external engine did not answer a query within KG_QUERY_TIMEOUT: a QueryTimeout (503) like any other."""


class DiskFull(StoreError):
    """The disk holding the store is full; what was committed before is kept."""


def disk_full(exc: OSError, store_path: Path) -> DiskFull | None:
    """A DiskFull naming the disk (not the input) when `exc` is RocksDB's or the OS's "no space left"."""
    if exc.errno != errno.ENOSPC and "no space left on device" not in str(exc).lower():
        return None
    try:
        free = f", {shutil.disk_usage(store_path.parent).free / 2**20:.1f} MiB free"
    except OSError:
        free = ""
    return DiskFull(
        f"the disk holding the store {store_path} is full (no space left on device{free}): free space "
        "there and run the command again; everything committed before is kept"
    )


class LoadError(StoreError):
    """An RDF file that cannot be read or parsed; the message names the file, line and column."""


class Store(Protocol):
    """A triple store: query, update, atomic adds and export. Results are pyoxigraph objects.

    What a back-end can do is declared, never probed (as rdflib's Store declares `context_aware`):
    - `add_limit`: the most triples one `add` applies all or none (None: no limit);
    - `evaluates_elsewhere`: an engine in another process parses and evaluates queries (kg.query.runner sends
      it the text as it is; the store here neither isolates nor times a query itself);
    - `can_snapshot`: `snapshot()` gives a read-only copy on disk that another process can open (the on-disk
      store); on other stores it raises StoreError;
    - `buffers_writes`: added triples wait in memory until `flush()` writes them to disk, so a long ingest
      flushes now and then (kg.pipeline.loader); on other stores `flush()` has nothing to do;
    - `write_generation`: a number that grows with every write through the store, so a reader may keep what it
      read for as long as the number stays the same; None while a write is under way, and always on a store
      other processes can write to (an engine elsewhere); `written_between(after, upto)` says what the writes
      between two such numbers changed, where the store knows (kg.store.written)."""

    add_limit: int | None
    evaluates_elsewhere: bool
    can_snapshot: bool
    buffers_writes: bool

    @property
    def write_generation(self) -> int | None: ...

    def written_between(self, after: int, upto: int) -> Written | None:
        """What the writes that began after generation `after` and by `upto` changed; None when not known (a
        SPARQL Update, a bulk load, a store without generations): anything may have."""

    def query(self, sparql: str, *, substitutions: dict | None = None, **dataset) -> QueryResult: ...

    def update(self, sparql: str) -> None: ...

    def add(self, triples: Iterable[tuple], graph: URIRef | None = None) -> None:
        """Add `triples` in one transaction: all or none."""

    def dump(self, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> bytes: ...

    def __len__(self) -> int: ...

    def data_bytes(self) -> int | None:
        """The bytes the data takes on disk, read without a scan; None where that is not known here (in memory,
        an engine elsewhere). A hint at how long a scan of the store takes."""

    def close(self) -> None: ...

    def snapshot(self) -> AbstractContextManager[Path]:
        """A read-only copy of the store as of now, kept while the block runs; StoreError unless `can_snapshot`."""

    def flush(self) -> None:
        """Write what waits in memory to disk (see `buffers_writes`)."""

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> None:
        """Write what `dump` returns to `output` as it is produced (TriG and N-Quads keep graph names)."""

    def bulk_load(
        self, path: Path, format: ox.RdfFormat | None = None, *, on_read: Callable[[int], None] | None = None
    ) -> int:
        """Load an RDF file fast, NOT in one transaction; returns how many quads the store gained.

        `on_read` is told the size of each piece of the file read. Raises LoadError on a file that does
        not parse, after which part of it may be in the store: load it again once fixed."""


def rdf_format(path: Path, format: ox.RdfFormat | None = None) -> ox.RdfFormat:
    """`format`, else the one the file's extension names (`.nt`, `.nq`, `.ttl`, `.trig`, `.rdf`, `.jsonld`…)."""
    if format is not None:
        return format
    found = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) if Path(path).suffix else None
    if found is None:
        raise LoadError(f"cannot tell the RDF format of {path} from its extension: name it (e.g. --format nt)")
    return found


def load_error(exc: SyntaxError, path: Path) -> LoadError:
    """pyoxigraph's parse error (which gives line and column) as a LoadError naming the file."""
    return LoadError(f"{path}: {exc.msg}")


class CountingReader(io.RawIOBase):
    """A binary file that reports each read's size to `on_read`: pyoxigraph's loaders report no progress."""

    def __init__(self, file: io.BufferedIOBase | io.RawIOBase, on_read: Callable[[int], None] | None = None) -> None:
        self._file = file
        self._on_read = on_read
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = self._file.readinto(buffer)
        self.bytes_read += size
        if self._on_read is not None and size:
            self._on_read(size)
        return size


@cache
def _rdflib_terms() -> tuple[type[URIRef], type[BNode], type[Literal]]:
    from rdflib import BNode, Literal, URIRef

    return URIRef, BNode, Literal


def to_oxigraph(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the pyoxigraph term with the same value."""
    URIRef, BNode, Literal = _rdflib_terms()  # noqa: N806 - the classes, under their own names
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def to_quads(triples: Iterable[tuple], graph: URIRef | None = None) -> list[ox.Quad]:
    graph_name = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
    # rdflib triples: a subject is never a literal, a predicate always an IRI.
    return [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)  # type: ignore[arg-type]
        for s, p, o in triples
    ]
