"""The W3C SPARQL 1.1 Protocol test suite (tests/api/w3c_protocol/, 34 tests) run against the app.

Each manifest test is a list of `ht:Request`s (method, path, headers, body) with the `ht:Response`
expected (status family, result format, ASK boolean); they are sent exactly as written. What the
manifest leaves to the implementation is in CASES, keyed by test IRI: which of our endpoints each
request goes to (the manifest's `/sparql/` serves both operations; ours are /sparql and /update),
and the bearer token on /update. A manifest test without a case fails.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result

SUITE = Path(__file__).parent / "w3c_protocol"
TEST = Namespace("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
MANIFEST_PATH = "/sparql/"  # every ht:absolutePath starts with it; the manifest says to replace it
# The media types each mf:expectedFormat allows (the manifest's test names list them), as rdflib parser names.
RESULTS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml"}
TABLES = RESULTS | {"text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_GRAPHS = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}

MANIFEST = Graph().parse(SUITE / "manifest.ttl", format="turtle")
ENTRIES: list[URIRef] = list(
    Collection(MANIFEST, MANIFEST.value(next(MANIFEST.subjects(RDF.type, MF.Manifest)), MF.entries))
)


@dataclass(frozen=True)
class Case:
    """Where a test's requests go, in order, and what the test shows about our endpoint."""

    endpoints: tuple[str, ...]
    why: str


QUERY, UPDATE, UPDATE_THEN_ASK = ("/sparql",), ("/update",), ("/update", "/sparql")
# ut:graphData graphs are put into the store directly, from the local copies: the reference runner
# uses LOAD <http://kasei.us/…>, which we refuse (the service makes no outbound requests).
CASES: dict[URIRef, Case] = {
    TEST.query_post_form: Case(
        QUERY,
        "form POST; default-graph-uri in the URL names a graph we don't hold: "
        "an empty default graph, and ASK {} is still true",
    ),
    TEST.query_dataset_default_graphs_get: Case(QUERY, "two default-graph-uri params merge into the default graph"),
    TEST.query_dataset_default_graphs_post: Case(
        QUERY, "the same with application/sparql-query and the params in the URL"
    ),
    TEST.query_dataset_named_graphs_post: Case(
        QUERY, "named-graph-uri: GRAPH ?g sees only the graphs named, not the store's ontology graph"
    ),
    TEST.query_dataset_named_graphs_get: Case(QUERY, "the same by GET"),
    TEST.query_dataset_full: Case(QUERY, "default-graph-uri and named-graph-uri together"),
    TEST.query_multiple_dataset: Case(QUERY, "the protocol's dataset replaces the query's FROM"),
    TEST.query_get: Case(QUERY, "plain GET"),
    TEST.query_content_type_select: Case(QUERY, "SELECT answers in a results format (JSON by default)"),
    TEST.query_content_type_ask: Case(QUERY, "ASK answers in JSON or XML"),
    TEST.query_content_type_describe: Case(QUERY, "DESCRIBE answers in an RDF syntax (Turtle by default)"),
    TEST.query_content_type_construct: Case(QUERY, "CONSTRUCT with relative IRIs, resolved against the endpoint"),
    TEST.update_dataset_default_graph: Case(
        UPDATE_THEN_ASK,
        "using-graph-uri becomes USING on the WHERE; CLEAR ALL also empties this throwaway store's ontology",
    ),
    TEST.update_dataset_default_graphs: Case(UPDATE_THEN_ASK, "two using-graph-uri; data3 must stay out"),
    TEST.update_dataset_named_graphs: Case(UPDATE_THEN_ASK, "using-named-graph-uri becomes USING NAMED"),
    TEST.update_dataset_full: Case(UPDATE_THEN_ASK, "both, each graph in its role"),
    TEST.update_post_form: Case(UPDATE, "update= form POST"),
    TEST.update_post_direct: Case(UPDATE, "application/sparql-update POST"),
    TEST.update_base_uri: Case(UPDATE_THEN_ASK, "relative IRIs in an update resolve against the endpoint's URL"),
    TEST.query_post_direct: Case(QUERY, "application/sparql-query POST"),
    TEST.bad_query_method: Case(QUERY, "PUT → 405"),
    TEST.bad_multiple_queries: Case(QUERY, "two query params → 400"),
    TEST.bad_query_wrong_media_type: Case(QUERY, "text/plain body → 415"),
    TEST.bad_query_missing_form_type: Case(QUERY, "form body without its Content-Type → 415"),
    TEST.bad_query_missing_direct_type: Case(QUERY, "query body without its Content-Type → 415"),
    TEST.bad_query_non_utf8: Case(QUERY, "charset=UTF-16 → 415"),
    TEST.bad_query_syntax: Case(QUERY, "syntax error → 400"),
    TEST.bad_update_get: Case(UPDATE, "GET /update → 405 (the update operation is POST only)"),
    TEST.bad_multiple_updates: Case(UPDATE, "two update fields → 400"),
    TEST.bad_update_wrong_media_type: Case(UPDATE, "text/plain body → 415"),
    TEST.bad_update_missing_form_type: Case(UPDATE, "form body without its Content-Type → 415"),
    TEST.bad_update_non_utf8: Case(UPDATE, "charset=UTF-16 → 415"),
    TEST.bad_update_syntax: Case(UPDATE, "syntax error → 400"),
    TEST.bad_update_dataset_conflict: Case(UPDATE, "using-named-graph-uri with WITH in the update → 400"),
}


@dataclass(frozen=True)
class ProtocolRequest:
    """One ht:Request of the manifest and its expected ht:Response."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_families: frozenset[int]
    expected_format: str | None
    expected_boolean: bool | None


def requests_of(test: URIRef) -> list[ProtocolRequest]:
    listed = MANIFEST.value(MANIFEST.value(test, MF.action), HT.requests)
    return [_request(node) for node in Collection(MANIFEST, listed)]


def _request(node) -> ProtocolRequest:
    body, headers, response = (MANIFEST.value(node, term) for term in (HT.body, HT.headers, HT.resp))
    fields = Collection(MANIFEST, headers) if headers is not None else []
    boolean = MANIFEST.value(response, MF.expectedBoolean)
    return ProtocolRequest(
        method=str(MANIFEST.value(node, HT.methodName)),
        path=str(MANIFEST.value(node, HT.absolutePath)),
        headers={str(MANIFEST.value(f, HT.fieldName)): str(MANIFEST.value(f, HT.fieldValue)) for f in fields},
        # Encoded as the manifest says: bad_*_non_utf8 send UTF-16 on purpose.
        body=None
        if body is None
        else str(MANIFEST.value(body, CNT.chars)).encode(str(MANIFEST.value(body, CNT.characterEncoding))),
        status_families=frozenset(
            int(str(code).removeprefix(str(HTS.StatusCode))[0])
            for code in MANIFEST.objects(response, MF.expectedStatus)
        ),
        expected_format=_optional_str(MANIFEST.value(response, MF.expectedFormat)),
        expected_boolean=None if boolean is None else boolean.toPython(),
    )


def _optional_str(value) -> str | None:
    return None if value is None else str(value)


def load_graph_data(store, test: URIRef) -> None:
    """Each ut:graphData file into the named graph its rdfs:label names (see CASES on LOAD)."""
    for data in MANIFEST.objects(test, UT.graphData):
        source = SUITE / Path(urlsplit(str(MANIFEST.value(data, UT.graph))).path).name
        store.add(Graph().parse(source, format="nt"), graph=URIRef(str(MANIFEST.value(data, RDFS.label))))


def send(client, sent: ProtocolRequest, endpoint: str, auth: dict[str, str]):
    # The path keeps the manifest's own percent-encoding; only the endpoint prefix changes.
    url = endpoint + sent.path.removeprefix(MANIFEST_PATH)
    headers = sent.headers | (auth if endpoint == "/update" else {})
    return client.request(sent.method, url, headers=headers, content=sent.body)


def check_response(response, sent: ProtocolRequest, endpoint: str) -> None:
    said = f"{sent.method} {endpoint} → {response.status_code}: {response.text[:300]}"
    assert response.status_code // 100 in sent.status_families, said
    if endpoint == "/update":  # the token was sent, so a 4xx must be the protocol's, not the login's
        assert response.status_code not in (401, 403), said
    if sent.expected_format is not None:
        check_format(response, sent.expected_format, sent.expected_boolean)


def check_format(response, expected: str, boolean: bool | None) -> None:
    media_type = response.headers["content-type"].split(";")[0]
    allowed = {"boolean": RESULTS, "tabular": TABLES, "RDF": RDF_GRAPHS}[expected]
    assert media_type in allowed, f"{expected} answer in {media_type}"
    if expected == "RDF":
        Graph().parse(data=response.content, format=allowed[media_type])
        return
    result = Result.parse(io.BytesIO(response.content), format=allowed[media_type])
    assert result.type == ("ASK" if expected == "boolean" else "SELECT")
    if boolean is not None:
        assert result.askAnswer is boolean


def test_w3c_protocol_manifest_has_34_tests_each_with_a_case():
    assert len(ENTRIES) == 34
    assert set(ENTRIES) == set(CASES), "add a case for each manifest test (and none for tests it lacks)"


@pytest.mark.parametrize("test", ENTRIES, ids=lambda test: test.fragment)
def test_w3c_protocol(test, make_client, fresh_store, auth):
    case = CASES.get(test)
    assert case is not None, f"{test} has no case in CASES: say where its requests go"
    sent_in_order = requests_of(test)
    assert len(sent_in_order) == len(case.endpoints), case.why
    load_graph_data(fresh_store, test)
    client = make_client(fresh_store)
    for sent, endpoint in zip(sent_in_order, case.endpoints):
        check_response(send(client, sent, endpoint, auth), sent, endpoint)


# Beyond the suite: the protocol parts it does not exercise, and our `format=` extension.
SELECT_ALL = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
GRAPH_1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"


@pytest.mark.parametrize(
    "params, accept, media_type",
    [
        ({"format": "csv"}, "application/sparql-results+json", "text/csv"),
        ({"format": "xml"}, None, "application/sparql-results+xml"),
        ({"format": "text/tab-separated-values"}, None, "text/tab-separated-values"),
        (
            {"format": "ntriples", "query": "CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}"},
            "text/turtle",
            "application/n-triples",
        ),
        ({"format": "jsonld", "query": "CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}"}, None, "application/ld+json"),
    ],
)
def test_w3c_protocol_format_parameter_overrides_accept(client, params, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": SELECT_ALL} | params, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


def test_w3c_protocol_format_with_an_unescaped_plus_still_names_the_type(client):
    response = client.get("/sparql?query=ASK%20%7B%7D&format=application/sparql-results+xml")
    assert response.headers["content-type"].startswith("application/sparql-results+xml")


@pytest.mark.parametrize(
    "params, status",
    [
        ({"format": "csv", "query": "CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}"}, 406),
        ({"format": "html"}, 406),
        ({"default-graph-uri": "not an IRI"}, 400),
        ({"named-graph-uri": "http://example.org/a b"}, 400),
    ],
)
def test_w3c_protocol_unservable_format_or_bad_graph_iri_is_refused(client, params, status):
    response = client.get("/sparql", params={"query": SELECT_ALL} | params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_w3c_protocol_named_graphs_alone_leave_the_default_graph_empty(make_client, fresh_store):
    fresh_store.add([(URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o"))])
    client = make_client(fresh_store)
    ask = "ASK { <urn:s> <urn:p> <urn:o> }"
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
    assert client.get("/sparql", params={"query": ask, "named-graph-uri": GRAPH_1}).json()["boolean"] is False


def test_w3c_protocol_operations_sent_to_the_wrong_endpoint_say_where_to_go(make_client, fresh_store, auth):
    client = make_client(fresh_store)
    update = client.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert update.status_code == 400 and "/update" in update.json()["detail"]
    for request in (
        {"content": "ASK {}", "headers": {"Content-Type": "application/sparql-update"} | auth},
        {"content": "ASK {}", "headers": {"Content-Type": "application/sparql-query"} | auth},
        {"data": {"query": "ASK {}"}, "headers": auth},
    ):
        response = client.post("/update", **request)
        assert response.status_code == 400 and "/sparql" in response.json()["detail"]


def test_w3c_protocol_using_graph_uri_also_applies_to_delete_where(make_client, fresh_store, auth):
    load_graph_data(fresh_store, TEST.query_dataset_full)  # data1, data2, data3 in their named graphs
    client = make_client(fresh_store)
    response = client.post(
        f"/update?using-graph-uri={GRAPH_1}",
        headers=auth,
        data={
            "update": "INSERT DATA { GRAPH <urn:out> { <urn:x> <urn:y> <urn:z> } } ; "
            "DELETE WHERE { GRAPH <urn:out> { ?s ?p ?o } } ; "
            "INSERT { GRAPH <urn:out> { ?s a <urn:Found> } } WHERE { ?s a ?type }"
        },
    )
    assert response.status_code == 204
    found = client.get("/sparql", params={"query": "SELECT ?s WHERE { GRAPH <urn:out> { ?s ?p ?o } }"})
    # DELETE WHERE saw only data1's graph as its default graph, so <urn:x> in <urn:out> stayed.
    assert {b["s"]["value"] for b in found.json()["results"]["bindings"]} == {"urn:x", GRAPH_1}


def test_w3c_protocol_using_graph_uri_refuses_what_it_cannot_rewrite(make_client, fresh_store, auth):
    escaped = r"INSERT { ?s a <urn:T> } \u0057HERE { ?s ?p ?o }"
    response = make_client(fresh_store).post(
        f"/update?using-graph-uri={GRAPH_1}",
        content=escaped,
        headers={"Content-Type": "application/sparql-update"} | auth,
    )
    assert response.status_code == 400
    assert "USING" in response.json()["detail"]
