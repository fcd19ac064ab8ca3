"""What only Virtuoso needs of the engine store, on a real Virtuoso (tests/store_backends.py): Digest on its
authenticated endpoint, its row cap reported as a cut answer, big adds in pieces it compiles, its blank
nodes and booleans read as any engine's, a refused update said in one line."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Literal, URIRef

from api.main import create_app
from kg.config import Settings
from kg.model import ONTOLOGY_GRAPH
from kg.store import SparqlHttpStore, StoreError, open_store

pytestmark = pytest.mark.slow


@pytest.fixture
def virtuoso(virtuoso_server) -> Iterator[SparqlHttpStore]:
    virtuoso_server.clear()
    store = open_store(virtuoso_server.location)
    yield store
    store.close()


def test_virtuoso_digest_user_on_its_authenticated_endpoint(virtuoso, virtuoso_server):
    virtuoso_server.sql("DB.DBA.USER_CREATE('kgtest', 'secret-pw'); GRANT SPARQL_UPDATE TO \"kgtest\";")
    try:
        store = open_store(f"sparql+{virtuoso_server.base.replace('//', '//kgtest:secret-pw@')}/sparql-auth")
        store.add([(URIRef("urn:digest"), URIRef("urn:p"), Literal(1))])
        assert virtuoso.query("ASK { <urn:digest> <urn:p> 1 }")  # written through /sparql-auth, seen through /sparql
        store.close()
        with pytest.raises(StoreError, match=r"kgtest:\*\*\*@.* answered 401") as refused:
            open_store(f"sparql+{virtuoso_server.base.replace('//', '//kgtest:wrong@')}/sparql-auth")
        assert "wrong" not in str(refused.value)
    finally:
        virtuoso_server.sql("DB.DBA.USER_DROP('kgtest');")


def test_virtuoso_row_cap_is_a_truncated_answer(virtuoso):
    # The ontology joined with itself has ~450,000 rows, the query asks for 30,000; the test Virtuoso stops at ResultSetMaxRows (20,000).
    client = TestClient(
        create_app(Settings(store="memory", max_results=100_000, query_timeout=120), store=virtuoso),
        base_url="http://localhost",
    )
    query = f"SELECT ?a WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?a ?b ?c . ?d ?e ?f }} }} LIMIT 30000"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["x-kg-truncated"] == "true"
    assert 0 < len(response.text.splitlines()) - 1 < 100_000


def test_virtuoso_takes_a_big_add_in_pieces(virtuoso):
    triples = [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)) for i in range(5_000)]
    virtuoso.add(triples)  # one INSERT DATA of 5,000 triples overflows Virtuoso's SPARQL compiler
    [row] = virtuoso.query("SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }")
    assert int(row["n"].value) == 5_000


def test_virtuoso_blank_nodes_and_booleans_read_as_terms(virtuoso, tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text('<urn:e> <urn:negated> true ; <urn:place> [ <urn:label> "al Tanf" ] .\n')
    virtuoso.bulk_load(data)  # blank nodes: INSERT … WHERE {}, since Virtuoso refuses them in INSERT DATA
    [row] = virtuoso.query(
        "SELECT ?n ?place ?label WHERE { <urn:e> <urn:negated> ?n ; <urn:place> ?place . ?place <urn:label> ?label }"
    )
    assert row["n"].value == "true" and isinstance(row["place"], ox.BlankNode) and row["label"].value == "al Tanf"
    assert virtuoso.query("ASK { <urn:e> <urn:negated> true }")
    assert not virtuoso.query("ASK { <urn:e> <urn:negated> false }")


def test_virtuoso_refused_update_is_one_line(virtuoso):
    with pytest.raises(SyntaxError) as refused:
        virtuoso.update("INSERT DATA { <urn:a> <urn:b> }")
    assert "\n" not in str(refused.value) and "Virtuoso" in str(refused.value)
