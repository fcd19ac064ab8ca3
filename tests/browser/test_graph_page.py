"""The graph page in headless Chromium: it draws the graph, stays offline, runs no injected markup,
and its evidence panel, search and relation filter work."""

from pathlib import Path

import pytest

from kg.query import GraphFilters
from kg.viz import graph_data, render_page

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

BACKS_SENTENCE = "Iran backs the Assad regime <img src=x onerror=alert(1)>."


def open_graph(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    # Physics off, so the nodes stay where the test clicks.
    page.uncheck("#physics-toggle")


def drawn_counts(page) -> tuple[int, int]:
    return tuple(page.evaluate("[window.network.body.data.nodes.length, window.network.body.data.edges.length]"))


def drawn_edge_ids(page) -> set[str]:
    return set(page.evaluate("window.network.body.data.edges.getIds()"))


def screen_point(page, js_canvas_point: str) -> tuple[float, float]:
    """Page coordinates of a canvas point given as a JS expression."""
    point = page.evaluate(f"""(() => {{
        const p = window.network.canvasToDOM({js_canvas_point});
        const box = document.getElementById('network').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }})()""")
    return point[0], point[1]


def click_node(page, node_id: str) -> None:
    page.mouse.click(*screen_point(page, f"window.network.getPosition({node_id!r})"))


def click_edge_middle(page, source: str, target: str) -> None:
    middle = (
        f"(() => {{ const a = window.network.getPosition({source!r}), b = window.network.getPosition({target!r});"
        " return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}; })()"
    )
    page.mouse.click(*screen_point(page, middle))


def assert_clean(page) -> None:
    assert page.watch.errors == [], f"console errors: {page.watch.errors}"
    assert page.watch.dialogs == [], f"injected script ran: {page.watch.dialogs}"
    assert page.watch.foreign_requests() == [], f"requests off 127.0.0.1: {page.watch.foreign_requests()}"


def test_graph_page_draws_the_seed_graph(page, server, stores):
    open_graph(page, f"{server}/seed")
    data = graph_data(stores["seed"])
    assert page.evaluate("typeof window.network.fit") == "function"
    assert drawn_counts(page) == (len(data["nodes"]), len(data["edges"]))
    assert drawn_edge_ids(page) == {edge["id"] for edge in data["edges"]}
    assert page.locator("#legend").inner_text().count("\n") > 8
    assert_clean(page)


def test_graph_page_edge_click_shows_evidence(page, server, stores):
    open_graph(page, f"{server}/seed")
    click_edge_middle(page, "iran", "assad-regime")
    panel = page.locator("#evidence")
    assert panel.get_attribute("data-kind") == "edge"
    edges = graph_data(stores["seed"])["edges"]
    expected = next(e for e in edges if e["id"] == "iran|backs|assad-regime")["evidence"][0]["sentence"]
    assert expected in panel.inner_text()
    assert "Iran → Assad regime" in panel.inner_text()
    page.evaluate("window.network.emit('click', {nodes: [], edges: ['us-led-coalition|strikes|pro-assad-forces']})")
    assert "destroying two artillery pieces" in panel.inner_text()
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] - 10)  # no hover highlight in the picture
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "seed-graph.png"))
    assert_clean(page)


def test_graph_page_node_click_and_search_show_the_actor(page, server):
    open_graph(page, f"{server}/seed")
    click_node(page, "us-led-coalition")
    panel = page.locator("#evidence")
    assert panel.get_attribute("data-kind") == "node" and "Operation Inherent Resolve" in panel.inner_text()
    page.fill("#actor-search", "Tehran")
    page.press("#actor-search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == ["iran"]
    assert "IRN" in panel.inner_text() and "state" in panel.inner_text()
    assert_clean(page)


def test_graph_page_relation_filter_leaves_backs_edges(page, server, stores):
    open_graph(page, f"{server}/seed")
    page.select_option("#relation-filter", "backs")
    backs = graph_data(stores["seed"], GraphFilters(relation="backs"))
    assert drawn_edge_ids(page) == {edge["id"] for edge in backs["edges"]}
    assert drawn_counts(page) == (len(backs["nodes"]), len(backs["edges"]))
    assert "relation=backs" in page.url
    page.select_option("#relation-filter", "")
    page.fill("#since", "2017-06-01")
    # In the browser as on the server: an undated event counts by its article's date (published 2017-06-06).
    june = graph_data(stores["seed"], GraphFilters(since="2017-06-01"))
    assert "iran|backs|assad-regime" in drawn_edge_ids(page)
    assert drawn_edge_ids(page) == {edge["id"] for edge in june["edges"]}
    assert drawn_counts(page) == (len(june["nodes"]), len(june["edges"]))
    page.click("#reset-view")
    assert drawn_counts(page) == (len(graph_data(stores["seed"])["nodes"]), len(graph_data(stores["seed"])["edges"]))
    assert_clean(page)


def test_graph_page_applies_query_filters_on_the_server(page, server, stores):
    open_graph(page, f"{server}/seed?relation=backs&actor=iran&depth=2")
    data = graph_data(stores["seed"], GraphFilters(relation="backs", actor="iran", depth=2))
    assert drawn_counts(page) == (len(data["nodes"]), len(data["edges"]))
    assert "Showing only relation backs" in page.locator("#server-filters").inner_text()
    assert page.evaluate("window.network.getSelectedNodes()") == ["iran"]
    assert_clean(page)


def test_graph_page_runs_no_injected_markup(page, server, stores):
    open_graph(page, f"{server}/hostile")
    click_edge_middle(page, "iran", "assad-regime")
    panel = page.locator("#evidence")
    assert BACKS_SENTENCE in panel.inner_text()
    assert panel.locator("img, script, b").count() == 0
    assert panel.locator("a").count() == 0  # the javascript: URL is not made a link
    click_node(page, "evil-label")
    assert "<img src=x onerror=alert(2)>" in panel.inner_text()
    page.mouse.move(*screen_point(page, "window.network.getPosition('evil-label')"))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "<img src=x onerror=alert(2)>" in tooltip.inner_text() and tooltip.locator("*").count() == 0
    assert page.locator("body img").count() == 0
    assert_clean(page)


def test_graph_page_works_as_a_local_file(page, stores, tmp_path):
    path = tmp_path / "graph.html"
    path.write_text(render_page(stores["hostile"]), encoding="utf-8")
    open_graph(page, path.as_uri())
    data = graph_data(stores["hostile"])
    assert drawn_counts(page) == (len(data["nodes"]), len(data["edges"]))
    assert page.watch.requests == [path.as_uri()]
    assert page.watch.errors == [] and page.watch.dialogs == []


def test_graph_page_rings_actors_by_camp(page, server, stores):
    open_graph(page, f"{server}/seed")
    nodes = {node["id"]: node for node in graph_data(stores["seed"])["nodes"]}
    border = "window.network.body.data.nodes.get({!r}).color.border"
    assert page.evaluate(border.format("iran")) == nodes["iran"]["ring"] == page.evaluate(border.format("assad-regime"))
    coalition = page.evaluate(border.format("us-led-coalition"))
    assert coalition == nodes["us-led-coalition"]["ring"] != nodes["iran"]["ring"]
    legend = page.locator("#legend").inner_text()
    camp_lines = [line for line in legend.splitlines() if "US-led coalition" in line]
    assert "CAMPS" in legend.upper() and any("coalition partner forces" in line for line in camp_lines)
    click_node(page, "iran")
    camp = next(line for line in page.locator("#evidence").inner_text().splitlines() if "(side" in line)
    assert " with " in camp and "pro-Assad forces" in camp
    assert_clean(page)


def test_graph_page_hops_control_keeps_the_found_actors_neighbourhood(page, server, stores):
    open_graph(page, f"{server}/seed")
    page.fill("#actor-search", "Iran")
    page.press("#actor-search", "Enter")
    page.select_option("#depth", "1")
    near = graph_data(stores["seed"], GraphFilters(actor="iran", depth=1))
    assert set(page.evaluate("window.network.body.data.nodes.getIds()")) == {n["id"] for n in near["nodes"]}
    assert drawn_edge_ids(page) == {edge["id"] for edge in near["edges"]}
    assert "actor=iran" in page.url and "depth=1" in page.url
    page.select_option("#depth", "2")
    two = graph_data(stores["seed"], GraphFilters(actor="iran", depth=2))
    assert drawn_counts(page) == (len(two["nodes"]), len(two["edges"]))
    page.click("#reset-view")
    assert page.input_value("#depth") == "" and drawn_counts(page)[0] == len(graph_data(stores["seed"])["nodes"])
    assert_clean(page)


def test_graph_page_search_centres_the_actor_and_physics_toggles(page, server):
    open_graph(page, f"{server}/seed")
    page.fill("#actor-search", "Islamic State")
    page.press("#actor-search", "Enter")
    distance = """(() => {  // screen pixels from the middle of the graph's box to the actor
        const box = document.getElementById('network').getBoundingClientRect();
        const p = window.network.canvasToDOM(window.network.getPosition('isis'));
        return Math.hypot(p.x - box.width / 2, p.y - box.height / 2);
    })()"""
    for _ in range(50):  # the page's CSP forbids eval, so no wait_for_function: poll from here
        if page.evaluate(distance) < 5:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(distance) < 5
    assert page.evaluate("window.network.getSelectedNodes()") == ["isis"]
    assert page.evaluate("window.network.physics.options.enabled") is False
    page.check("#physics-toggle")
    assert page.evaluate("window.network.physics.options.enabled") is True
    assert_clean(page)
