"""Each store declares what it can do (Store.can_snapshot, buffers_writes, evaluates_elsewhere) and does what it
declares: one test per capability, run on every kind of store (on disk, in memory, on a SPARQL engine)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.store import OxigraphStore, SparqlHttpStore, Store, StoreError

KINDS = ["disk", "memory", pytest.param("engine", marks=pytest.mark.slow)]
TRIPLES = [(URIRef(f"urn:capability/{n}"), URIRef("urn:said"), Literal("x" * 100)) for n in range(2000)]
ASK = "ASK { <urn:capability/7> <urn:said> ?o }"


class RecordingTransport(httpx.HTTPTransport):
    """Remembers the body of each request sent to the engine."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.read())
        return super().handle_request(request)


@pytest.fixture(params=KINDS)
def opened(request, tmp_path) -> Iterator[tuple[Store, RecordingTransport | None]]:
    """A store of each kind holding TRIPLES, and (on an engine) what was sent to the engine."""
    transport = None
    if request.param == "engine":
        server = request.getfixturevalue("oxigraph_server")
        server.clear()
        transport = RecordingTransport()
        store: Store = SparqlHttpStore(server.location, transport=transport)
    else:
        store = OxigraphStore(tmp_path / "kg" if request.param == "disk" else None)
    store.add(TRIPLES)
    yield store, transport
    store.close()


def test_capabilities_a_snapshot_is_a_readable_copy_where_declared(opened):
    store, _ = opened
    if not store.can_snapshot:
        with pytest.raises(StoreError, match="no snapshot"):
            with store.snapshot():
                pass
        return
    with store.snapshot() as path:
        copy = ox.Store.read_only(str(path))
        assert copy.query(ASK) and len(copy) == len(store)


def test_capabilities_flush_writes_waiting_triples_to_disk_where_declared(opened):
    store, transport = opened
    if store.buffers_writes:
        tables = set(store.path.glob("*.sst"))
        store.flush()
        assert set(store.path.glob("*.sst")) - tables  # RocksDB's in-memory tables written out as new files
    else:
        sent = list(transport.sent) if transport is not None else []
        store.flush()
        assert transport is None or transport.sent == sent  # nothing waits here: nothing is sent either
    assert store.query(ASK) and len(store) >= len(TRIPLES)


def test_capabilities_data_bytes_is_the_size_on_disk_where_there_is_one(opened):
    store, _ = opened
    if not isinstance(store, OxigraphStore) or store.path is None:  # in memory, or the engine's own files
        assert store.data_bytes() is None
        return
    written = store.data_bytes()
    assert written is not None and written > 100 * len(TRIPLES)  # the literals alone: 100 bytes each, in the log
    store.flush()
    on_disk = _tables_and_logs(store.path)
    for _ in range(100):  # RocksDB compacts in the background after a flush: compare at a moment the files hold still
        counted, after = store.data_bytes(), _tables_and_logs(store.path)
        if on_disk == counted == after:
            break
        on_disk = after
        time.sleep(0.05)
    assert counted == on_disk


def _tables_and_logs(path: Path) -> int:
    """The bytes of RocksDB's tables and logs; -1 when one went away while being read (a compaction)."""
    try:
        return sum(f.stat().st_size for f in path.iterdir() if f.suffix in (".sst", ".log"))
    except FileNotFoundError:
        return -1


def test_capabilities_queries_are_evaluated_where_declared(opened, monkeypatch):
    store, transport = opened
    if store.evaluates_elsewhere:
        assert store.query(ASK)
        assert transport is not None and any(b"urn:capability/7" in body for body in transport.sent)
        return

    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    assert store.query(ASK)  # evaluated here, in this process: no socket needed


def test_capabilities_write_generation_moves_with_every_write_where_declared(opened, tmp_path):
    store, _ = opened
    if store.evaluates_elsewhere:  # other clients write to an engine: no number can say the data is unchanged
        assert store.write_generation is None and store.written_between(0, 10) is None
        return
    seen = [store.write_generation]
    store.add([(URIRef("urn:capability/new"), URIRef("urn:said"), Literal("y"))])
    seen.append(store.write_generation)
    store.update("INSERT DATA { <urn:capability/updated> <urn:said> 1 }")
    seen.append(store.write_generation)
    file = tmp_path / "one.nt"
    file.write_text('<urn:capability/loaded> <urn:said> "2" .\n')
    store.bulk_load(file)
    seen.append(store.write_generation)
    with pytest.raises(SyntaxError):
        store.update("INSERT DATA { not sparql }")
    seen.append(store.write_generation)
    store.flush()  # nothing new to read: the generation stays
    assert all(isinstance(g, int) for g in seen) and seen == sorted(set(seen)) and store.write_generation == seen[-1]
    # What the add changed is known; any span with an update, a bulk load or a failed write in it is not.
    assert store.written_between(seen[0], seen[1]) is not None
    assert [store.written_between(seen[i], seen[i + 1]) for i in range(1, 4)] == [None] * 3
