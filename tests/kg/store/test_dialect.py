"""The portable SPARQL that kg.store.remote sends (kg.store.dialect), and the protocol's repairs of what
Virtuoso answers: checked on pyoxigraph's parser, no engine needed."""

from __future__ import annotations

import httpx
import pyoxigraph as ox

from kg.model import DATA_GRAPH, ONTOLOGY_GRAPH
from kg.store.dialect import in_data_graph, names_dataset, over_data_graph, query_form, with_values
from kg.store.protocol import blank_nodes_fixed, endpoint_urls, said
from kg.store.remote import EngineAuth

DATA, ONTOLOGY = f"<{DATA_GRAPH}>", f"<{ONTOLOGY_GRAPH}>"
IRI = {ox.Variable("a"): ox.NamedNode("urn:a")}


def run(update: str) -> ox.Store:
    """The rewritten update applied to a store holding one triple in the data graph (and one elsewhere)."""
    store = ox.Store()
    store.update(f"INSERT DATA {{ GRAPH {DATA} {{ <urn:s> <urn:p> 1 }} GRAPH <urn:g> {{ <urn:s> <urn:p> 2 }} }}")
    store.update(in_data_graph(update))
    return store


def in_graph(store: ox.Store, graph: str) -> set[str]:
    return {str(q.object.value) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph.strip("<>")))}


def test_dialect_insert_data_goes_to_the_data_graph_and_keeps_named_blocks():
    store = run('INSERT DATA { <urn:s> <urn:p> "x}" . GRAPH <urn:g> { <urn:s> <urn:p> 3 } <urn:s> <urn:p> 4 }')
    assert in_graph(store, DATA) == {"1", "x}", "4"} and in_graph(store, "<urn:g>") == {"2", "3"}
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_dialect_modify_and_delete_where_read_and_write_the_data_graph():
    store = run(
        "PREFIX p: <urn:> DELETE { ?s p:p ?o } INSERT { ?s p:p 10 } WHERE { ?s p:p ?o } ; DELETE WHERE { ?s ?p 10 }"
    )
    assert in_graph(store, DATA) == set() and in_graph(store, "<urn:g>") == {"2"}
    kept = run("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")  # the update's own WITH stands
    assert in_graph(kept, DATA) == {"1"} and in_graph(kept, "<urn:g>") == set()


def test_dialect_queries_read_the_data_graph_and_still_see_named_graphs():
    store = run("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:q> 5 } }")
    text, params = over_data_graph(
        "SELECT ?o ?n WHERE { ?s <urn:p> ?o OPTIONAL { GRAPH <urn:g> { ?s <urn:q> ?n } } } LIMIT 5"
    )
    assert params == {} and [(r["o"].value, r["n"].value) for r in store.query(text)] == [("1", "5")]
    text, params = over_data_graph("CONSTRUCT WHERE { ?s <urn:p> ?o }")  # its group is its template: not wrapped
    assert text == "CONSTRUCT WHERE { ?s <urn:p> ?o }" and params == {"default-graph-uri": [str(DATA_GRAPH)]}
    assert over_data_graph("DESCRIBE <urn:s>")[1] == {"default-graph-uri": [str(DATA_GRAPH)]}
    construct, _ = over_data_graph("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert [t.object.value for t in store.query(construct)] == ["1"]


def test_dialect_default_all_and_named_mean_our_graphs():
    assert in_graph(run("CLEAR DEFAULT"), DATA) == set()
    assert in_data_graph("DROP SILENT DEFAULT") == f"CLEAR SILENT GRAPH {DATA}"  # emptied, never removed
    assert "CLEAR SILENT GRAPH" in in_data_graph("CLEAR DEFAULT")  # a graph not yet written is no error
    assert in_data_graph("DROP ALL") == f"CLEAR SILENT GRAPH {DATA} ; DROP SILENT GRAPH {ONTOLOGY}"
    assert in_data_graph("DROP NAMED") == f"DROP SILENT GRAPH {ONTOLOGY}"
    assert in_graph(run("ADD DEFAULT TO <urn:g>"), "<urn:g>") == {"1", "2"}


def test_dialect_keywords_inside_strings_iris_and_comments_are_not_operations():
    update = 'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:DEFAULT> "CLEAR ALL ; DELETE WHERE {" } } # DROP ALL'
    assert in_data_graph(update) == update


def test_dialect_values_go_first_inside_the_where_group():
    assert with_values("ASK { ?a ?p ?b }", IRI) == "ASK { VALUES (?a) { (<urn:a>) } ?a ?p ?b }"
    construct = with_values("CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b } LIMIT 2", IRI)
    assert construct == "CONSTRUCT { ?a ?p ?b } WHERE { VALUES (?a) { (<urn:a>) } ?a ?p ?b } LIMIT 2"
    grouped = with_values("PREFIX x: <urn:x#> SELECT ?a (COUNT(*) AS ?n) { ?a ?p ?b } GROUP BY ?a", IRI)
    ox.Store().query(grouped)  # parses
    assert grouped.index("VALUES") < grouped.index("GROUP BY")


def test_dialect_query_form_and_own_dataset_are_found_outside_strings():
    assert [
        query_form(q)
        for q in (
            "PREFIX a: <urn:SELECT> ASK {}",
            "CONSTRUCT WHERE { ?s ?p ?o }",
            "# ASK\nDESCRIBE <urn:x>",
            "SELECT * {}",
        )
    ] == ["ASK", "CONSTRUCT", "DESCRIBE", "SELECT"]
    assert names_dataset("SELECT * FROM <urn:g> { ?s ?p ?o }")
    assert names_dataset("SELECT * FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }")
    assert not names_dataset('SELECT * { ?s <urn:from> "FROM" } # FROM <urn:g>')


def test_protocol_virtuoso_blank_nodes_become_labels_even_across_chunks():
    xml = b'<binding name="o"><bnode>nodeID://b10000</bnode></binding>'
    json = b'"o": { "type": "bnode", "value": "nodeID://b10001" }'
    for body in (xml, json):
        for cut in range(1, len(body)):
            assert b"".join(blank_nodes_fixed(iter([body[:cut], body[cut:]]))) == body.replace(b"nodeID://", b"")


def test_protocol_engine_message_is_its_first_line():
    echo = "Virtuoso 37000 Error SP031: SPARQL compiler: Blank node '_:b1' is not allowed\n\nSPARQL query:\nINSERT DATA {…}"
    response = httpx.Response(500, text=echo)
    assert said(response) == "Virtuoso 37000 Error SP031: SPARQL compiler: Blank node '_:b1' is not allowed"


def test_protocol_virtuoso_endpoint_takes_updates_too():
    assert endpoint_urls("sparql+http://127.0.0.1:8890/sparql") == ("http://127.0.0.1:8890/sparql",) * 2
    assert endpoint_urls("sparql+http://h:3030/ds/sparql")[1] == "http://h:3030/ds/update"  # Fuseki's


def test_engine_auth_sends_basic_then_digest_when_basic_is_refused():
    seen: list[str] = []

    def engine(request: httpx.Request) -> httpx.Response:
        header = request.headers.get("authorization", "")
        seen.append(header.split(" ")[0])
        if header.startswith("Digest ") and 'username="kg"' in header:
            return httpx.Response(200, text="ok")
        challenge = {"WWW-Authenticate": 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"'}
        return httpx.Response(401, headers=challenge if not header else {})  # Virtuoso: no challenge to Basic

    with httpx.Client(auth=EngineAuth("kg", "secret"), transport=httpx.MockTransport(engine)) as client:
        assert client.get("http://engine/sparql-auth").status_code == 200
        assert client.get("http://engine/sparql-auth").status_code == 200
    assert seen[:3] == ["Basic", "", "Digest"] and seen[3] == "Digest"  # Digest from then on, with the known nonce
