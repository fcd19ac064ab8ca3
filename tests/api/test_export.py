"""/export: the whole graph as a file, in three formats that agree with each other."""
import pytest
from rdflib import Graph

from kg.model import ACTOR, CKG


@pytest.mark.parametrize("fmt, media_type, filename", [
    ("turtle", "text/turtle", "conflict-kg.ttl"),
    ("jsonld", "application/ld+json", "conflict-kg.jsonld"),
    ("nt", "application/n-triples", "conflict-kg.nt"),
])
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
    with_ontology = Graph().parse(data=client.get("/export", params={"format": "nt", "ontology": "true"}).content,
                                  format="nt")
    assert len(with_ontology) > len(without)
    assert (CKG.trains, None, None) in with_ontology and (CKG.trains, None, None) not in without


def test_export_unknown_format_gives_422_with_the_choices(client):
    response = client.get("/export", params={"format": "xml"})
    assert response.status_code == 422
    assert "turtle" in response.json()["detail"]
