"""/sparql: the SPARQL 1.1 Protocol query operation, negotiation with real clients' Accept headers, refusals."""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph
from rdflib.query import Result

from kg.model import ACTOR, CKG

WHO_BACKS_WHOM = f"SELECT ?who ?whom WHERE {{ ?who <{CKG.backs}> ?whom }}"
CONSTRUCT_BACKS = f"CONSTRUCT {{ ?who <{CKG.backs}> ?whom }} WHERE {{ ?who <{CKG.backs}> ?whom }}"
RDFLIB_SPARQLSTORE_ACCEPT = "application/rdf+xml, application/sparql-results+xml"  # what SPARQLStore sends
SPARQLWRAPPER_JSON_ACCEPT = "application/sparql-results+json,application/json,text/javascript,application/javascript"


def pairs(response) -> set[tuple[str, str]]:
    return {(b["who"]["value"], b["whom"]["value"]) for b in response.json()["results"]["bindings"]}


def test_sparql_who_backs_whom_returns_iran_backs_assad_regime(client):
    response = client.get("/sparql", params={"query": WHO_BACKS_WHOM})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert (str(ACTOR["iran"]), str(ACTOR["assad-regime"])) in pairs(response)


def test_sparql_post_form_and_raw_body_answer_like_get(client):
    expected = pairs(client.get("/sparql", params={"query": WHO_BACKS_WHOM}))
    form = client.post("/sparql", data={"query": WHO_BACKS_WHOM})
    raw = client.post(
        "/sparql", content=WHO_BACKS_WHOM.encode(), headers={"Content-Type": "application/sparql-query; charset=utf-8"}
    )
    assert pairs(form) == pairs(raw) == expected


@pytest.mark.parametrize(
    "accept, media_type",
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        (SPARQLWRAPPER_JSON_ACCEPT, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        (RDFLIB_SPARQLSTORE_ACCEPT, "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ],
)
def test_sparql_negotiates_select_results(client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": WHO_BACKS_WHOM}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(
    "media_type, rdflib_format",
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_sparql_results_parse_with_rdflib(client, media_type, rdflib_format):
    query = f'SELECT ?who ?whom ?lit WHERE {{ ?who <{CKG.backs}> ?whom BIND("x\\ty"@en AS ?lit) }}'
    response = client.get("/sparql", params={"query": query}, headers={"Accept": media_type})
    result = Result.parse(io.BytesIO(response.content), format=rdflib_format)
    assert len(result) == len(pairs(client.get("/sparql", params={"query": WHO_BACKS_WHOM})))
    assert str(ACTOR["iran"]) in {str(row[0]) for row in result}


def test_sparql_json_keeps_datatypes_and_languages(client):
    query = 'SELECT ?v WHERE { VALUES ?v { "plain" "fr"@fr 42 <urn:x> } }'
    bindings = [b["v"] for b in client.get("/sparql", params={"query": query}).json()["results"]["bindings"]]
    assert {"type": "literal", "value": "plain"} in bindings
    assert {"type": "literal", "value": "fr", "xml:lang": "fr"} in bindings
    assert {"type": "literal", "value": "42", "datatype": "http://www.w3.org/2001/XMLSchema#integer"} in bindings
    assert {"type": "uri", "value": "urn:x"} in bindings


def test_sparql_ask_answers_boolean(client):
    query = f"ASK {{ <{ACTOR['iran']}> <{CKG.backs}> <{ACTOR['assad-regime']}> }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True


@pytest.mark.parametrize(
    "accept, media_type, rdflib_format",
    [
        (None, "text/turtle", "turtle"),
        ("*/*", "text/turtle", "turtle"),
        (RDFLIB_SPARQLSTORE_ACCEPT, "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/turtle,text/turtle", "text/turtle", "turtle"),
    ],
)
def test_sparql_construct_negotiates_graph_types(client, accept, media_type, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CONSTRUCT_BACKS}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (ACTOR["iran"], CKG.backs, ACTOR["assad-regime"]) in graph


def test_sparql_nothing_acceptable_gives_406(client):
    # (text/html is no longer an example: a browser asking for it gets the query page, tests/api/test_pages.py)
    response = client.get("/sparql", params={"query": WHO_BACKS_WHOM}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["detail"]


def test_sparql_malformed_query_gives_400_with_parser_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "syntax error" in response.json()["detail"].lower()


# A broken query, where its error is (line:column in the query as the client sent it), and what is there.
PREFIXES = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\nPREFIX actor: <https://w3id.org/conflict-kg/actor/>\n"
BROKEN_QUERIES = [
    ("SELEC ?x WHERE {}", "1:1", "SELEC"),  # a misspelt keyword on the first line, where the endpoint's BASE goes
    ('SELECT * WHERE { ?s ?p "café" . FOO ?o }', "1:33", "FOO"),  # characters, not bytes
    ("SELECT ?x\nWHERE { ?x ?p ?o .\n  OPTIONL { ?x ?q ?r } }", "3:3", "OPTIONL"),
    (PREFIXES + "SELECT ?a WHERE { ?a ckg:backs actor:iran . FILTR(?a) }", "3:45", "FILTR"),
    (PREFIXES + "SELECT ?a\nWHERE { ?a ckg:backs ?b }\nLIMIT x", "5:7", "x"),
    ("SELECT ?x\nWHERE { ?x ?p }", "2:15", "}"),  # cut short: the last token, not past the end
]


@pytest.mark.parametrize("query, position, token", BROKEN_QUERIES)
def test_sparql_syntax_error_points_into_the_clients_query(client, query, position, token):
    line, column = map(int, position.split(":"))
    assert query.split("\n")[line - 1][column - 1 :].startswith(token)  # the case says where the token is
    for response in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 400
        detail = response.json()["detail"]
        assert detail.startswith(f"SPARQL syntax error at {position}, near '{token}"), detail
        assert "\n" not in detail


def test_sparql_undeclared_prefix_is_named_where_it_is_used(client):
    response = client.get("/sparql", params={"query": "SELECT ?a WHERE {\n  ?a ckg:backs ?b }"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "SPARQL syntax error at 2:6: the prefix ckg: is not declared; "
        "add PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>"
    )


@pytest.mark.parametrize("query", ["", "   ", "# only a comment", "# one\r\n# two\n"])
def test_sparql_empty_query_is_called_empty_not_an_update(client, query):
    # The engine reads nothing at all as an update with no operations; the client sent no query.
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("SPARQL syntax error: the query is empty")


def test_sparql_relative_iris_still_resolve_against_the_endpoint(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<here> AS ?x) }"})
    assert response.status_code == 200
    [binding] = response.json()["results"]["bindings"]
    assert binding["x"]["value"] == "http://localhost/here"


@pytest.mark.parametrize(
    "query",
    [
        r"SELECT * WHERE { \u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_sparql_service_cannot_reach_out(client, backend, query):
    # Not a pre-parse: the engine reads it, and either refuses the spelling or cannot connect. An external
    # engine evaluates SERVICE itself (here it cannot resolve the name): its failure is still a 400.
    response = client.get("/sparql", params={"query": query})
    if backend in ("server", "virtuoso"):  # the engine's failure to reach out: a 400, or a 503 naming the engine
        assert response.status_code in (400, 503) and response.json()["detail"]
        return
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "syntax error" in detail or "SERVICE" in detail


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://example.org/data.ttl>"])
def test_sparql_update_is_refused(client, update):
    response = client.post("/sparql", data={"query": update})
    assert response.status_code == 400
    assert "/update" in response.json()["detail"]


def test_sparql_update_form_field_is_refused(client):
    response = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 400 and "read-only" in response.json()["detail"]


def test_sparql_non_utf8_is_400(client):
    body = 'SELECT * WHERE { ?s ?p "café" }'.encode("latin-1")
    raw = client.post("/sparql", content=body, headers={"Content-Type": "application/sparql-query"})
    get = client.get("/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%22caf%E9%22%7D")
    assert raw.status_code == get.status_code == 400
    assert "UTF-8" in raw.json()["detail"] and "UTF-8" in get.json()["detail"]


@pytest.mark.parametrize(
    "request_args, status",
    [
        ({"params": {}}, 400),
        ({"params": [("query", WHO_BACKS_WHOM), ("query", WHO_BACKS_WHOM)]}, 400),
        ({"params": {"query": WHO_BACKS_WHOM, "default-graph-uri": "not an IRI"}}, 400),
    ],
)
def test_sparql_bad_get_requests_give_4xx_with_detail(client, request_args, status):
    response = client.get("/sparql", **request_args)
    assert response.status_code == status
    assert response.json()["detail"]


def test_sparql_post_with_wrong_content_type_gives_415(client):
    response = client.post("/sparql", content=WHO_BACKS_WHOM, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["detail"]


def test_sparql_caps_rows_at_max_results(make_client, seeded_store):
    client = make_client(seeded_store, max_results=2)
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 2
    assert response.headers["x-kg-truncated"] == "true"
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    assert "x-kg-truncated" not in small.headers


def test_sparql_past_deadline_gives_503(make_client, seeded_store):
    client = make_client(seeded_store, query_timeout=1e-9)
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 503
    assert "KG_QUERY_TIMEOUT" in response.json()["detail"]


def test_sparql_concurrent_distinct_queries_all_answer(client):
    # Regression: rdflib's parser is not thread-safe; parallel parses used to fail with 500s.
    queries = [f"SELECT ?s WHERE {{ ?s ?p ?o . FILTER(?o != {n}) }} LIMIT 1" for n in range(64)]
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda q: client.get("/sparql", params={"query": q}).status_code, queries))
    assert set(statuses) == {200}
