"""The workbench pages over HTTP: `/`, `/map`, and `/sparql` for a browser; CSP, escaping, errors, assets."""

import json
import re
from pathlib import Path

import pytest
from rdflib import DCTERMS, PROV, RDF, RDFS, Literal, URIRef

from kg.model import ACTOR, ARTICLE, CKG, EVENT, GEO, PLACE
from kg.store import open_store

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}
VENDOR = Path(__file__).resolve().parents[2] / "kg" / "viz" / "static" / "vendor"
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def page_data(html: str, element_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def assert_locked_down(response) -> None:
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "unsafe-eval" not in policy and "<script>" not in re.sub(r"<script (type|src)=[^>]*>", "", response.text)


def test_landing_page_lists_the_store_and_questions(client):
    response = client.get("/", headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert_locked_down(response)
    for href in ('href="/graph"', 'href="/map"', 'href="/sparql"', 'href="/docs"', 'href="/sparql?query='):
        assert href in response.text


def test_sparql_gives_a_browser_the_query_page_and_clients_their_results(client):
    page = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert_locked_down(page)
    start = page_data(page.text, "query-start")
    assert start["query"] == "SELECT * WHERE { ?s ?p ?o } LIMIT 1" and start["run"] is True
    assert start["prefixes"]["ckg"] == str(CKG)
    answer = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    forced = client.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"}, headers=BROWSER
    )
    assert forced.headers["content-type"].startswith("text/csv")
    assert client.get("/sparql").status_code == 400  # no browser, no query: still the protocol's error


def test_query_page_opens_on_the_filters_events(client):
    page = client.get("/sparql", params={"relation": "strikes", "actor": "iran"}, headers=BROWSER)
    start = page_data(page.text, "query-start")
    assert "ckg:strikes" in start["query"] and "actor/iran" in start["query"] and start["run"] is True
    assert 'href="/map?relation=strikes&amp;actor=iran"' in page.text
    bad = client.get("/sparql", params={"relation": "hugs"}, headers=BROWSER)
    assert bad.status_code == 400 and "unknown relation" in bad.json()["detail"]


def test_map_page_carries_the_placed_events(client, seeded_store):
    response = client.get("/map", params={"relation": "strikes"}, headers=BROWSER)
    assert response.status_code == 200
    assert_locked_down(response)
    data = page_data(response.text, "map-data")
    assert data["events"] and {e["family"] for e in data["events"]} == {"strikes"}
    assert data["filters"]["relation"] == "strikes"
    assert 'href="/graph?relation=strikes"' in response.text


@pytest.mark.parametrize(
    "params, status, words",
    [
        ({"relation": "hugs"}, 400, "unknown relation"),
        ({"actor": "a b"}, 400, "not an actor slug"),
        ({"since": "last week"}, 422, "since"),
    ],
)
def test_map_page_bad_filters_get_one_line(client, params, status, words):
    response = client.get("/map", params=params)
    assert response.status_code == status
    assert words in response.json()["detail"] and "\n" not in response.json()["detail"]


def test_map_page_keeps_markup_as_text(make_client):
    store = open_store("memory")
    place, event, actor = PLACE["evil"], EVENT["00000000000000bb"], ACTOR["evil"]
    store.add(
        [
            (place, RDFS.label, Literal(MARKUP)),
            (place, GEO.lat, Literal(1.5)),
            (place, GEO.long, Literal(2.5)),
            (actor, RDF.type, CKG.ArmedGroup),
            (actor, RDFS.label, Literal(MARKUP)),
            (event, CKG.relation, CKG.strikes),
            (event, CKG.agent, actor),
            (event, CKG.target, actor),
            (event, CKG.place, place),
            (event, CKG.sentence, Literal(MARKUP + "</script>")),
            (event, CKG.date, Literal("2020-01-02", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
        ]
    )
    client = make_client(store)
    for path in ("/map", "/"):
        html = client.get(path, headers=BROWSER).text
        assert "<script>alert" not in html and "<img src=x" not in html
    data = page_data(client.get("/map").text, "map-data")
    assert data["events"][0]["sentence"] == MARKUP + "</script>"


def test_vendored_assets_are_served_with_their_licences(client):
    for asset in (
        "yasgui/yasgui.min.js",
        "yasgui/yasgui.min.css",
        "d3/d3.min.js",
        "topojson-client/topojson-client.min.js",
        "world-atlas/countries-50m.json",
    ):
        assert client.get(f"/static/vendor/{asset}").status_code == 200
    for folder in VENDOR.iterdir():
        if folder.is_dir():
            assert (folder / "LICENSE").is_file(), f"{folder.name} has no LICENSE"
    assert client.get("/static/../../api/main.py").status_code == 404


def _event_dated_by_its_article(published: str):
    """A memory store with one placed strike that has no date of its own, read from an article published then."""
    store = open_store("memory")
    event, article, place = EVENT["00000000000000cc"], ARTICLE["00000000000000dd"], PLACE["somewhere"]
    agent, target = ACTOR["someone"], ACTOR["someone-else"]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    store.add(
        [
            (agent, RDFS.label, Literal("Someone")),
            (target, RDFS.label, Literal("Someone else")),
            (place, RDFS.label, Literal("Somewhere")),
            (place, GEO.lat, Literal(1.5)),
            (place, GEO.long, Literal(2.5)),
            (event, CKG.relation, CKG.strikes),
            (event, CKG.agent, agent),
            (event, CKG.target, target),
            (event, CKG.place, place),
            (event, CKG.sentence, Literal("Someone struck someone else.")),
            (event, CKG.confidence, Literal("0.9", datatype=URIRef(xsd + "decimal"))),
            (event, CKG.negated, Literal(False)),
            (event, PROV.wasDerivedFrom, article),
            (article, RDF.type, CKG.Article),
            (article, DCTERMS.date, Literal(published, datatype=URIRef(xsd + "date"))),
        ]
    )
    return store


@pytest.mark.parametrize(
    "window, shown",
    [
        ({"since": "2020-03-01", "until": "2020-03-31"}, True),
        ({"since": "2020-03-10"}, True),
        ({"until": "2020-03-10"}, True),
        ({"since": "2020-03-11"}, False),
        ({"until": "2020-03-09"}, False),
    ],
)
def test_map_dates_an_undated_event_by_its_article_as_relations_do(make_client, window, shown):
    """Regression (issue 19): /map filtered on the event's own date only, /relations on it else the article's."""
    client = make_client(_event_dated_by_its_article("2020-03-10"))
    data = page_data(client.get("/map", params=window).text, "map-data")
    events = data["events"]
    relations = client.get("/relations", params=window).json()["relations"]
    on_map = [e["event"] for e in events]
    in_relations = [e["event"] for r in relations for e in r["evidence"]]
    assert on_map == in_relations == (["00000000000000cc"] if shown else [])
    assert data["undated"] == 0  # it has a date: its article's
    if shown:
        assert (events[0]["date"], events[0]["date_from"]) == ("2020-03-10", "article")
