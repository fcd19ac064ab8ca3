"""/graph: the interactive page is served as HTML."""

import json
import re

from kg.query import CampFilters, GraphFilters


def graph_json(response) -> dict:
    """The graph data the page embeds."""
    assert response.status_code == 200, response.text
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', response.text, re.S)
    return json.loads(found.group(1))


def test_graph_serves_html(client):
    response = client.get("/graph", params={"relation": "backs", "depth": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text


def test_graph_bad_depth_gives_422(client):
    response = client.get("/graph", params={"depth": 99})
    assert response.status_code == 422 and "depth" in response.json()["detail"]


def test_graph_unknown_relation_gives_400(client):
    response = client.get("/graph", params={"relation": "hugs"})
    assert response.status_code == 400 and "backs" in response.json()["detail"]


def test_graph_accepts_every_filter_together(client):
    params = {"relation": "backs", "actor": "iran", "depth": 2, "since": "2017-05-01", "until": "2017-06-30"}
    response = client.get("/graph", params=params)
    assert response.status_code == 200 and '"actor":"iran"' in response.text and '"since":"2017-05-01"' in response.text


def test_graph_and_relations_agree_on_date_windows(client):
    """An event with no date of its own counts by its article's publication date on /graph as on /relations."""
    june = {"since": "2017-06-01", "until": "2017-06-30"}
    for window in (
        june,
        {"until": "2017-05-31"},
        {"since": "2017-06-07"},
        {"since": "2017-05-02", "until": "2017-06-05"},
    ):
        listed = client.get("/relations", params=window | {"limit": 10_000}).json()["relations"]
        drawn = graph_json(client.get("/graph", params=window))["edges"]
        assert {(e["from"], e["relation"], e["to"]) for e in drawn} == {
            (r["source"]["slug"], r["relation"], r["target"]["slug"]) for r in listed
        }, window
    # Iran backs the Assad regime: undated in the text, in an article published on 2017-06-06.
    backs = next(
        e for e in graph_json(client.get("/graph", params=june))["edges"] if e["id"] == "iran|backs|assad-regime"
    )
    assert {(item["date"], item["published"]) for item in backs["evidence"]} == {(None, "2017-06-06")}


def test_graph_and_camps_take_their_filter_models_as_query_parameters(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, model in (("/graph", GraphFilters), ("/camps", CampFilters)):
        parameters = paths[path]["get"]["parameters"]
        assert [p["name"] for p in parameters] == list(model.model_fields), path
        assert all(p["description"] == model.model_fields[p["name"]].description for p in parameters), path
