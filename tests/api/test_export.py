"""/export: the whole graph as a file, in four formats that agree with each other, streamed as it is written."""

import io
import threading

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from api.routes.export import stream_written
from kg.model import ACTOR, CKG, ONTOLOGY_GRAPH


@pytest.mark.parametrize(
    "fmt, media_type, filename",
    [
        ("turtle", "text/turtle", "conflict-kg.ttl"),
        ("jsonld", "application/ld+json", "conflict-kg.jsonld"),
        ("nt", "application/n-triples", "conflict-kg.nt"),
        ("trig", "application/trig", "conflict-kg.trig"),
    ],
)
def test_export_content_type_and_filename(client, fmt, media_type, filename):
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'


def test_export_turtle_round_trips_to_the_ntriples_count(client):
    turtle = Graph().parse(data=client.get("/export").content, format="turtle")
    ntriples = Graph().parse(data=client.get("/export", params={"format": "nt"}).content, format="nt")
    assert len(turtle) == len(ntriples) > 0
    assert (ACTOR["iran"], CKG.backs, ACTOR["assad-regime"]) in turtle


def test_export_jsonld_parses_to_the_same_count(client):
    jsonld = Graph().parse(data=client.get("/export", params={"format": "jsonld"}).content, format="json-ld")
    ntriples = Graph().parse(data=client.get("/export", params={"format": "nt"}).content, format="nt")
    assert len(jsonld) == len(ntriples)


def test_export_ontology_on_request(client):
    without = Graph().parse(data=client.get("/export", params={"format": "nt"}).content, format="nt")
    with_ontology = Graph().parse(
        data=client.get("/export", params={"format": "nt", "ontology": "true"}).content, format="nt"
    )
    assert len(with_ontology) > len(without)
    assert (CKG.trains, None, None) in with_ontology and (CKG.trains, None, None) not in without


def test_export_unknown_format_gives_400_with_the_choices(client):
    response = client.get("/export", params={"format": "xml"})
    assert response.status_code == 400
    assert all(name in response.json()["detail"] for name in ("turtle", "jsonld", "nt", "trig"))


def store_graph(store) -> Graph:
    """The default graph as the store holds it, read without going through /export."""
    return Graph().parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")


def test_export_turtle_uses_ckg_prefix_and_is_isomorphic_to_the_store(client, seeded_store):
    response = client.get("/export", params={"format": "turtle"})
    assert "@prefix ckg: <https://w3id.org/conflict-kg/ontology#>" in response.text
    assert "ckg:backs" in response.text
    assert isomorphic(Graph().parse(data=response.content, format="turtle"), store_graph(seeded_store))


def test_export_every_format_parses_to_the_same_graph(client):
    graphs = {
        fmt: Graph().parse(data=client.get("/export", params={"format": fmt}).content, format=parser)
        for fmt, parser in (("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("trig", "trig"))
    }
    assert all(isomorphic(graph, graphs["nt"]) for graph in graphs.values())


def test_export_trig_keeps_the_ontology_in_its_named_graph(client):
    with_ontology = Dataset().parse(
        data=client.get("/export", params={"format": "trig", "ontology": "true"}).content, format="trig"
    )
    ontology = with_ontology.graph(URIRef(ONTOLOGY_GRAPH))
    assert (CKG.trains, None, None) in ontology and (ACTOR["iran"], CKG.backs, ACTOR["assad-regime"]) not in ontology
    assert (ACTOR["iran"], CKG.backs, ACTOR["assad-regime"]) in with_ontology.default_graph
    assert (CKG.trains, None, None) not in with_ontology.default_graph
    without = Dataset().parse(data=client.get("/export", params={"format": "trig"}).content, format="trig")
    assert len(without.graph(URIRef(ONTOLOGY_GRAPH))) == 0


class DumpRefused:
    """A store whose all-in-memory `dump` must not be used by /export."""

    def __init__(self, store) -> None:
        self._store = store

    def __getattr__(self, name):
        if name == "dump":
            raise AssertionError("/export built the whole body in memory")
        return getattr(self._store, name)


def test_export_streams_without_building_the_body(make_client, seeded_store):
    response = make_client(DumpRefused(seeded_store)).get("/export", params={"format": "nt"})
    assert response.status_code == 200 and "content-length" not in response.headers
    assert response.content == seeded_store.dump(ox.RdfFormat.N_TRIPLES)


def test_export_stream_written_yields_chunks_as_written():
    chunks = list(
        stream_written(lambda sink: [sink.write(b"x" * 1000) or sink.flush() for _ in range(5)], chunk_size=1000)
    )
    assert b"".join(chunks) == b"x" * 5000 and len(chunks) > 1


def test_export_stream_written_stops_the_writer_when_the_reader_goes():
    stopped = threading.Event()

    def endless(sink) -> None:
        try:
            while True:
                sink.write(b"y" * 65536)
        finally:
            stopped.set()

    body = stream_written(endless)
    assert next(body)
    body.close()  # what a client disconnect does
    assert stopped.wait(5)


def test_export_stream_written_raises_a_failure_after_what_was_written():
    def failing(sink) -> None:
        sink.write(b"partial")
        raise RuntimeError("disk gone")

    body = stream_written(failing)
    assert next(body) == b"partial"
    with pytest.raises(RuntimeError, match="disk gone"):
        next(body)


def test_export_store_dump_to_matches_dump(seeded_store):
    for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        sink = io.BytesIO()
        seeded_store.dump_to(sink, fmt, include_ontology=True)
        assert sink.getvalue() == seeded_store.dump(fmt, include_ontology=True)
