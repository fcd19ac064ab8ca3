"""Store.bulk_load on both back-ends (embedded on disk, `oxigraph serve` over HTTP): a file another kg
exported loads into the views, formats by extension, graphs kept, progress reported, bad files named."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.model import ONTOLOGY_GRAPH
from kg.query.views import actor_detail, relations
from kg.store import SparqlHttpStore
from kg.store.base import LoadError

GRAPH = ox.NamedNode("urn:example:graph")


def test_bulk_load_brings_an_exported_graph_into_the_views(fresh_store, exported_seeds: Path):
    before = len(fresh_store)
    added = fresh_store.bulk_load(exported_seeds)
    assert added == len(fresh_store) - before == len(exported_seeds.read_bytes().splitlines())
    backers = {r.source.slug for r in relations(fresh_store, type="backs", target="assad-regime")}
    assert "iran" in backers
    assert actor_detail(fresh_store, "iran").label == "Iran"


def test_bulk_load_twice_adds_nothing_more(fresh_store, exported_seeds: Path):
    fresh_store.bulk_load(exported_seeds)
    size = len(fresh_store)
    assert fresh_store.bulk_load(exported_seeds) == 0
    assert len(fresh_store) == size


def test_bulk_load_reports_every_byte_it_reads(fresh_store, exported_seeds: Path):
    pieces: list[int] = []
    fresh_store.bulk_load(exported_seeds, on_read=pieces.append)
    assert sum(pieces) == exported_seeds.stat().st_size and all(size > 0 for size in pieces)


def test_bulk_load_keeps_graph_names_of_quads_and_takes_a_named_format(fresh_store, tmp_path: Path):
    quads = tmp_path / "data.dump"  # an extension that names no format: the caller names it
    quads.write_bytes(b'<urn:a> <urn:p> "in a graph" <urn:example:graph> .\n<urn:a> <urn:p> "default" .\n')
    # An engine's store counts our graphs only (Virtuoso has graphs of its own): there the quad in <urn:example:graph>
    # is stored but not counted.
    assert fresh_store.bulk_load(quads, ox.RdfFormat.N_QUADS) == (1 if isinstance(fresh_store, SparqlHttpStore) else 2)
    in_graph = "SELECT ?o WHERE { GRAPH <urn:example:graph> { ?s ?p ?o } }"
    assert [r["o"].value for r in fresh_store.query(in_graph)] == ["in a graph"]
    assert [r["o"].value for r in fresh_store.query("SELECT ?o WHERE { <urn:a> <urn:p> ?o }")] == ["default"]
    assert fresh_store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")


def test_bulk_load_reads_turtle_by_its_extension(fresh_store, tmp_path: Path):
    turtle = tmp_path / "data.ttl"
    turtle.write_text('@prefix ex: <urn:ex:> .\nex:a ex:p "one", "two" .\n')
    assert fresh_store.bulk_load(turtle) == 2


def test_bulk_load_names_the_line_of_a_parse_error(fresh_store, tmp_path: Path):
    bad = tmp_path / "bad.nt"
    bad.write_text('<urn:a> <urn:p> "fine" .\n<urn:a> <urn:p> "not closed .\n')
    with pytest.raises(LoadError, match=r"bad\.nt: .*line 2"):  # the engine's own parser says it too
        fresh_store.bulk_load(bad)


def test_bulk_load_unknown_extension_and_missing_file_are_load_errors(fresh_store, tmp_path: Path):
    unknown = tmp_path / "data.xyz"
    unknown.write_text("<urn:a> <urn:p> <urn:o> .\n")
    with pytest.raises(LoadError, match="cannot tell the RDF format"):
        fresh_store.bulk_load(unknown)
    with pytest.raises(LoadError, match="missing.nt"):
        fresh_store.bulk_load(tmp_path / "missing.nt")


@pytest.mark.slow
def test_bulk_load_without_a_graph_store_endpoint_inserts_in_chunks(oxigraph_server, exported_seeds: Path, monkeypatch):
    """An engine that has no Graph Store Protocol endpoint still gets the file, as INSERT DATA requests."""
    oxigraph_server.clear()
    store = SparqlHttpStore(oxigraph_server.location)
    store.store_url = f"{oxigraph_server.base}/no-such-endpoint"
    monkeypatch.setattr("kg.store.remote.INSERT_CHUNK", 100)
    try:
        before = len(store)
        assert store.bulk_load(exported_seeds) == len(store) - before == len(exported_seeds.read_bytes().splitlines())
        assert "iran" in {r.source.slug for r in relations(store, type="backs", target="assad-regime")}
    finally:
        store.close()
