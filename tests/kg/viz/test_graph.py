"""graph_data and render_page on the seed article and on hostile markup (no browser)."""

import json
from html.parser import HTMLParser

import pytest

from kg.query import GraphFilters
from kg.viz import graph_data, render_page
from kg.viz.elements import node_dict
from kg.viz.page import json_for_html


def edge_ids(data: dict) -> set[str]:
    return {edge["id"] for edge in data["edges"]}


def embedded_data(html: str) -> dict:
    start = html.index('<script type="application/json" id="graph-data">')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


class ResourceLinks(HTMLParser):
    """Every src/href of the page's elements, and its Content-Security-Policy."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.policy = ""

    def handle_starttag(self, tag, attrs):
        self.links += [(tag, value or "") for name, value in attrs if name in ("src", "href")]
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            self.policy = dict(attrs)["content"]


def test_graph_data_has_iran_backing_the_assad_regime(seed):
    edges = {edge["id"]: edge for edge in graph_data(seed)["edges"]}
    edge = edges["iran|backs|assad-regime"]
    assert (edge["from"], edge["to"], edge["relation"], edge["umbrella"]) == ("iran", "assad-regime", "backs", "backs")
    assert edge["count"] == 1 and "Assad regime" in edge["evidence"][0]["sentence"]
    assert edge["evidence"][0]["title"] == "US-led coalition strikes pro-Assad forces near al Tanf again"


def test_graph_data_merges_parallel_events_with_a_count(seed):
    edges = {edge["id"]: edge for edge in graph_data(seed)["edges"]}
    strikes = edges["us-led-coalition|strikes|pro-assad-forces"]
    assert strikes["count"] == len(strikes["evidence"]) == 2
    assert strikes["width"] > edges["iran|backs|assad-regime"]["width"]
    curves = [e["smooth"] for e in edges.values() if {e["from"], e["to"]} == {"us-led-coalition", "pro-assad-forces"}]
    assert len(curves) == 4 and len({json.dumps(c, sort_keys=True) for c in curves}) == 4


def test_graph_data_leaves_out_negated_events(seed):
    assert not any(edge["from"] == "united-states" for edge in graph_data(seed)["edges"])


def test_graph_data_nodes_carry_type_aliases_cameo_and_counts(seed):
    nodes = {node["id"]: node for node in graph_data(seed)["nodes"]}
    iran = nodes["iran"]
    assert (iran["label"], iran["type"], iran["cameo"]) == ("Iran", "State", "IRN")
    assert "Tehran" in iran["aliases"] and iran["counts"] == {"out": 2, "in": 0, "evidence": 2}
    assert nodes["us-led-coalition"]["size"] > nodes["assad-regime"]["size"]
    legend_types = {item["type"] for item in graph_data(seed)["legend"]["nodes"]}
    assert {node["type"] for node in nodes.values()} == legend_types


def test_graph_data_relation_filter_keeps_the_backs_family(seed):
    data = graph_data(seed, GraphFilters(relation="backs"))
    assert {"iran|backs|assad-regime", "us-led-coalition|trains|coalition-partner-forces"} <= edge_ids(data)
    assert all("backs" in edge["families"] and edge["umbrella"] == "backs" for edge in data["edges"])
    assert {node["id"] for node in data["nodes"]} == {e["from"] for e in data["edges"]} | {
        e["to"] for e in data["edges"]
    }


def test_graph_data_specific_relation_filter(seed):
    assert edge_ids(graph_data(seed, GraphFilters(relation="trains"))) == {
        "us-led-coalition|trains|coalition-partner-forces"
    }


def test_graph_data_actor_depth_one_is_the_neighbourhood(seed):
    everything = graph_data(seed)["edges"]
    neighbours = {e["to"] for e in everything if e["from"] == "iran"} | {
        e["from"] for e in everything if e["to"] == "iran"
    }
    data = graph_data(seed, GraphFilters(actor="iran", depth=1))
    assert (
        {node["id"] for node in data["nodes"]}
        == neighbours | {"iran"}
        == {"iran", "assad-regime", "iran-backed-militias"}
    )
    assert data["filters"]["actor"] == "iran"


def test_graph_data_actor_depth_two_reaches_further(seed):
    one = {node["id"] for node in graph_data(seed, GraphFilters(actor="isis", depth=1))["nodes"]}
    two = {node["id"] for node in graph_data(seed, GraphFilters(actor="isis", depth=2))["nodes"]}
    assert one < two and "us-led-coalition" in two - one


def test_graph_data_unknown_actor_raises_key_error(seed):
    with pytest.raises(KeyError, match="no-such-actor"):
        graph_data(seed, GraphFilters(actor="no-such-actor"))
    with pytest.raises(KeyError):
        graph_data(seed, GraphFilters(actor="not a <valid> iri"))


def test_graph_data_date_filter_dates_undated_events_by_their_article(seed):
    june = graph_data(seed, GraphFilters(since="2017-06-01", until="2017-06-30"))
    strikes = next(edge for edge in june["edges"] if edge["id"] == "us-led-coalition|strikes|pro-assad-forces")
    assert "2017-06-06" in [item["date"] for item in strikes["evidence"]]
    # An event the text gives no date is dated by its article (published 2017-06-06), as on /relations.
    backs = next(edge for edge in june["edges"] if edge["id"] == "iran|backs|assad-regime")
    assert {(item["date"], item["published"]) for item in backs["evidence"]} == {(None, "2017-06-06")}
    assert all(
        "2017-06-01" <= (item["date"] or item["published"]) <= "2017-06-30"
        for edge in june["edges"]
        for item in edge["evidence"]
    )
    assert "iran|backs|assad-regime" not in edge_ids(graph_data(seed, GraphFilters(since="2017-06-07")))
    # From May 2: "in May" / "in April" events are dated to their month's first day (month precision).
    may = graph_data(seed, GraphFilters(since="2017-05-02", until="2017-05-31"))
    assert edge_ids(may) == {"us-led-coalition|airStrikes|pro-assad-forces"}


def test_graph_data_rejects_bad_filters(seed):
    with pytest.raises(ValueError, match="relation"):
        graph_data(seed, GraphFilters(relation="hugs"))
    with pytest.raises(ValueError, match="since"):
        graph_data(seed, GraphFilters(since="last tuesday"))
    with pytest.raises(ValueError, match="depth"):
        graph_data(seed, GraphFilters(actor="iran", depth=-1))


def test_graph_data_accepts_query_string_values(seed):
    assert graph_data(seed, GraphFilters(relation="", actor="isis", depth="2")) == graph_data(
        seed, GraphFilters(actor="isis", depth=2)
    )


def test_graph_data_keeps_the_best_attested_edges_and_newest_evidence(seed, monkeypatch):
    monkeypatch.setattr("kg.analysis.network.MAX_EDGES", 3)
    monkeypatch.setattr("kg.viz.graph.MAX_EVIDENCE", 1)
    data = graph_data(seed)
    assert len(data["edges"]) == 3 and data["truncated"] == {"shown": 3, "total": 13}
    strikes = next(e for e in data["edges"] if e["id"] == "us-led-coalition|strikes|pro-assad-forces")
    assert strikes["count"] == 2 and [item["date"] for item in strikes["evidence"]] == ["2017-06-06"]
    assert {n["id"] for n in data["nodes"]} == {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}


def test_render_page_is_offline_and_inlines_vis_network(seed):
    html = render_page(seed)
    parser = ResourceLinks()
    parser.feed(html)
    remote = [(tag, link) for tag, link in parser.links if link.lower().startswith(("http:", "https:", "//"))]
    assert remote == []
    assert "@version 9.1.2" in html and "vis-network" in html
    assert "bootstrap" not in html.lower()
    assert "window.network = network" in html


def test_render_page_embeds_graph_data_as_json(seed):
    html = render_page(seed, GraphFilters(relation="backs"))
    assert embedded_data(html) == json.loads(json.dumps(graph_data(seed, GraphFilters(relation="backs"))))


def test_render_page_escapes_article_markup(hostile):
    html = render_page(hostile)
    for raw in ("<img src=x", "<script>alert", "<b onmouseover", "</script>."):
        assert raw not in html
    data = embedded_data(html)
    sentences = [item["sentence"] for edge in data["edges"] for item in edge["evidence"]]
    assert "Iran backs the Assad regime <img src=x onerror=alert(1)>." in sentences
    assert "<img src=x onerror=alert(2)>" in {node["label"] for node in data["nodes"]}


def test_render_page_allows_only_its_own_scripts(seed):
    parser = ResourceLinks()
    parser.feed(render_page(seed))
    policy = dict(part.strip().split(" ", 1) for part in parser.policy.split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'none'"
    hashes = policy["script-src"].split()
    assert len(hashes) == 2 and all(h.startswith("'sha256-") for h in hashes)  # no 'unsafe-inline'


def test_json_for_html_cannot_close_the_script_element():
    text = json_for_html({"s": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"s": "</script><!-- & \u2028"}


def test_graph_data_sizes_actors_by_weighted_degree_and_ranks_them(seed):
    data = graph_data(seed)
    nodes = {node["id"]: node for node in data["nodes"]}
    biggest = max(nodes.values(), key=lambda node: node["size"])
    assert biggest["id"] == "us-led-coalition" == max(nodes, key=lambda slug: nodes[slug]["counts"]["evidence"])
    assert "weighted degree" in data["legend"]["size_by"] and "6 source sentences" in biggest["title"]
    assert sum(node["rank"] for node in nodes.values()) == pytest.approx(1, abs=1e-3)
    assert data["layout"] == {"large": False, "iterations": 300} and "x" not in biggest


def test_graph_data_large_graph_starts_grouped_by_camp(monkeypatch):
    from kg.store import open_store
    from kg.synthetic import conflict_graph

    store = open_store("memory")
    store.add(list(conflict_graph(actors=40, relations=90, seed=2)))
    monkeypatch.setattr("kg.viz.graph.LARGE_GRAPH", 30)
    data = graph_data(store)
    assert data["layout"]["large"] and data["layout"]["iterations"] < 300
    points = {(node["x"], node["y"]) for node in data["nodes"]}
    assert len(points) == len(data["nodes"]) == 40  # every actor placed, none on top of another


def test_graph_node_aliases_differing_only_in_case_keep_one_order():
    """ "ISIS" and "Isis" tie on case alone; whatever order the set gives, the node lists them the same way."""
    counts = {"out": 0, "in": 0, "evidence": 0}
    orders = [["Isis", "ISIS", "Daesh"], ["ISIS", "Daesh", "Isis"]]
    lists = [node_dict("isis", {"aliases": o}, counts, 1.0, 0.0, None, None)["aliases"] for o in orders]
    assert lists[0] == lists[1] == ["Daesh", "ISIS", "Isis"]
