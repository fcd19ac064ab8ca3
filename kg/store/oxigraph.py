"""Embedded Oxigraph: on disk (the default) or in memory (tests)."""

from __future__ import annotations

import io
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from kg.store.base import (
    CountingReader,
    LoadError,
    QueryResult,
    StoreBusyError,
    StoreError,
    disk_full,
    load_error,
    rdf_format,
    to_quads,
)
from kg.store.serialize import write_rdf
from kg.store.served import running_server
from kg.store.written import WriteLog, Written, written_by
from kg.vocabulary import ontology_path

if TYPE_CHECKING:  # rdflib is imported where triples are converted (kg.store.base.to_oxigraph)
    from rdflib import URIRef

_DATA = ox.NamedNode(str(DATA_GRAPH))


class OxigraphStore:
    """A pyoxigraph store: the data in its default graph, the ontology in its own named graph."""

    add_limit: int | None = None  # one add is one transaction, whatever its size
    evaluates_elsewhere = False  # queries run in this machine's processes (kg.query.runner isolates them)
    can_snapshot: bool  # on disk: RocksDB checkpoints; in memory there is nothing another process can open
    buffers_writes: bool  # on disk: RocksDB's in-memory tables; in memory everything stays in memory anyway

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.can_snapshot = self.buffers_writes = path is not None
        self._generation, self._writes_under_way = 0, 0
        self._generation_lock = threading.Lock()
        self._log = WriteLog()
        self._snapshots: _Snapshots | None = None
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            if path is not None and "lock" in str(exc).lower():
                raise _busy(path) from exc
            raise self._disk_full(exc) or StoreError(f"cannot open the store at {path}: {exc}") from None
        with self._writing():
            self._load_ontology()
        self._snapshots = _Snapshots(path) if path is not None else None

    @property
    def write_generation(self) -> int | None:
        """A number that grows with every write through this store (the only writer of its files: RocksDB locks
        them); None while a write is under way, when what is read may change before the write returns."""
        with self._generation_lock:
            return None if self._writes_under_way else self._generation

    def written_between(self, after: int, upto: int) -> Written | None:
        """What the writes through this store that began after generation `after` and by `upto` changed (both
        generations read from `write_generation`); None when not known: a SPARQL Update or a bulk load among them,
        a write that failed, or one too long ago (kg.store.written)."""
        with self._generation_lock:
            return self._log.between(after, upto)

    def _load_ontology(self) -> None:
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if not self._store.contains_named_graph(graph):
            self._store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE, to_graph=graph)

    def query(self, sparql: str, *, substitutions: dict | None = None, **dataset) -> QueryResult:
        """Evaluate `sparql`; `dataset` is pyoxigraph's default_graph / named_graphs."""
        return self._store.query(sparql, substitutions=substitutions, **dataset)

    def update(self, sparql: str) -> None:
        with self._writing():
            self._store.update(sparql)

    def add(self, triples: Iterable[tuple], graph: URIRef | None = None) -> None:
        """Add `triples` in one transaction; the write is logged with what it changed (see `written_between`)."""
        quads = to_quads(triples, graph)
        with self._writing() as write:
            self._store.extend(quads)
            write.written = written_by(quads, self._store)

    @contextmanager
    def _writing(self) -> Iterator[_Write]:
        """Every write to the data goes through here, so what readers keep is never older than the data.

        The generation moves on at the start and again at the end (failed or not): what a reader read at one
        generation, before or during the write, is never taken for what it reads after; snapshots are retaken.
        The write is logged at its end, under the lock that moves the generation, with what the block said it
        changed (`_Write.written`): nothing said, or a failure, logs it as unknown."""
        write = _Write()
        with self._generation_lock:
            self._writes_under_way += 1
            self._generation += 1
            began = self._generation
        try:
            with self._disk_errors():
                yield write
        except BaseException:
            write.written = None
            raise
        finally:
            with self._generation_lock:
                self._writes_under_way -= 1
                self._generation += 1
                self._log.add(began, self._generation, write.written)
            if self._snapshots is not None:
                self._snapshots.stale()

    @contextmanager
    def _disk_errors(self) -> Iterator[None]:
        """A write whose "no space left" becomes a DiskFull naming the disk (RocksDB keeps what was committed)."""
        try:
            yield
        except OSError as exc:
            full = self._disk_full(exc)
            if full is None:
                raise
            raise full from None

    def _disk_full(self, exc: OSError):
        return disk_full(exc, self.path) if self.path is not None else None

    def bulk_load(
        self, path: Path, format: ox.RdfFormat | None = None, *, on_read: Callable[[int], None] | None = None
    ) -> int:
        """Load an RDF file with pyoxigraph's bulk loader; returns how many quads the store gained.

        The bulk loader writes sorted files straight into RocksDB, batch after batch, without a
        transaction: that is what makes it several times faster than `add`, and why a crash or a
        parse error midway can leave the batches before it in the store. Loading the fixed file
        again completes it (a triple already in is not added twice; blank nodes, though, are new on
        every load). Triples go to the default graph, quads keep their graph, except that quads in DATA_GRAPH
        (an engine's data graph, `kg ingest --nquads` shards) go to the default graph, where this store keeps
        the data."""
        fmt = rdf_format(path, format)
        before = len(self._store)
        leftovers = set(self._bulk_files())
        with self._writing():  # batches land one by one: readers keep nothing until the last is in
            try:
                with open(path, "rb", buffering=0) as file:
                    # Read through a counter rather than by path: the bar can show bytes, at no measurable cost.
                    reader = CountingReader(file, on_read)
                    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                        quads = ox.parse(reader, format=fmt)  # type: ignore[arg-type]  # a raw reader is a binary file
                        self._store.bulk_extend(_data_in_default_graph(quads))
                    else:
                        self._store.bulk_load(input=reader, format=fmt)  # type: ignore[arg-type]
            except SyntaxError as exc:
                raise load_error(exc, path) from None
            except OSError as exc:
                # A batch that failed leaves its sorted file behind, never ingested: on a full disk that file
                # holds the space the store needs to open again.
                problem = self._disk_full(exc) or LoadError(f"cannot load {path}: {exc.strerror or exc}")
                for orphan in set(self._bulk_files()) - leftovers:
                    orphan.unlink(missing_ok=True)
                raise problem from None
        return len(self._store) - before

    def data_bytes(self) -> int | None:
        if self.path is None:
            return None
        # RocksDB's tables (*.sst) and write-ahead logs (*.log); not its info LOG files, nor options.
        return sum(_size(entry) for entry in self.path.iterdir() if entry.suffix in (".sst", ".log"))

    def _bulk_files(self) -> list[Path]:
        return list(self.path.glob("bulk-*.sst")) if self.path is not None else []

    @contextmanager
    def snapshot(self) -> Iterator[Path]:
        """A read-only copy of the store as of now, for another process; StoreError for a store in memory."""
        if self._snapshots is None:
            raise StoreError("a store in memory has no snapshot on disk (can_snapshot is False)")
        with self._snapshots.current(self._store) as path:
            yield path

    def dump(self, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> bytes:
        buffer = io.BytesIO()
        self.dump_to(buffer, fmt, include_ontology=include_ontology)
        return buffer.getvalue()

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write RocksDB's in-memory tables to disk: left alone they grow to ~1 GB over a long ingest
        (kg/pipeline/loader.py calls this every FLUSH_TRIPLES triples)."""
        with self._disk_errors():
            self._store.flush()

    def close(self) -> None:
        try:
            with self._disk_errors():
                self._store.flush()
        finally:
            if self._snapshots is not None:
                self._snapshots.remove_all()
            del self._store

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> None:
        """Write the graph to `output` while reading it, so a large graph is never whole in memory.

        TriG and N-Quads keep the ontology in its named graph; the other formats merge it in."""
        ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if fmt == ox.RdfFormat.JSON_LD:  # one JSON document, compacted with our @context: the graphs go in together
            graphs = [ox.DefaultGraph()] + ([ontology] if include_ontology else [])
            quads = (q for graph in graphs for q in self._store.quads_for_pattern(None, None, None, graph))
            write_rdf((ox.Triple(q.subject, q.predicate, q.object) for q in quads), output, fmt)
            return
        prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
        # The engine writes the default graph itself: no Python object per triple (1.5x `oxigraph dump` before).
        self._store.dump(output, fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        if not include_ontology:
            return
        # A second document after the first: N-Triples, N-Quads, Turtle and TriG (prefixes declared again) allow it.
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            ox.serialize(self._store.quads_for_pattern(None, None, None, ontology), output, fmt, prefixes=prefixes)
        else:
            self._store.dump(output, fmt, from_graph=ontology, prefixes=prefixes)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except FileNotFoundError:  # a compaction removed it meanwhile
        return 0


def _busy(path: Path) -> StoreBusyError:
    server = running_server(path)
    if server is None:
        return StoreBusyError(f"the store at {path} is in use by another process (is `kg serve` running?)")
    return StoreBusyError(f"the store at {path} is held by `kg serve` at {server}", server=server)


def _data_in_default_graph(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object) if quad.graph_name == _DATA else quad


@dataclass
class _Write:
    """One write under way: what it changed, once it says (None: not known)."""

    written: Written | None = None


class _Snapshots:
    """RocksDB checkpoints of one store (hard links, milliseconds), kept while a reader uses them.

    Query processes open a checkpoint read-only: opening the live store from a second process
    while this one writes is undefined, but a checkpoint never changes.
    """

    def __init__(self, store_path: Path) -> None:
        self.root = store_path.parent / f"{store_path.name}.snapshots"
        shutil.rmtree(self.root, ignore_errors=True)  # left by a crash; we own the store now
        self._lock = threading.Lock()
        self._taken = 0
        self._latest: Path | None = None
        self._stale = True
        self._readers: dict[Path, int] = {}

    def stale(self) -> None:
        self._stale = True

    @contextmanager
    def current(self, store: ox.Store) -> Iterator[Path]:
        with self._lock:
            if self._stale or self._latest is None:
                self._take(store)
            path = self._latest
            assert path is not None  # _take just set it
            self._readers[path] = self._readers.get(path, 0) + 1
        try:
            yield path
        finally:
            with self._lock:
                self._readers[path] -= 1
                self._prune()

    def _take(self, store: ox.Store) -> None:
        # Marked fresh before the checkpoint: a write landing during it marks it stale again.
        self._stale = False
        self._taken += 1
        path = self.root / str(self._taken)
        self.root.mkdir(exist_ok=True)
        store.backup(str(path))
        self._latest = path
        self._readers.setdefault(path, 0)
        self._prune()

    def _prune(self) -> None:
        for path, readers in list(self._readers.items()):
            if readers == 0 and path != self._latest:
                del self._readers[path]
                shutil.rmtree(path, ignore_errors=True)

    def remove_all(self) -> None:
        with self._lock:
            shutil.rmtree(self.root, ignore_errors=True)
            self._readers.clear()
            self._latest = None
