"""The graph page at scale: 2,000 actors and 6,000 relations load from a live server and come to rest."""

import pytest

from kg.store import open_store
from kg.synthetic import conflict_graph

pytestmark = pytest.mark.slow
ACTORS, RELATIONS = 2000, 6000


@pytest.fixture(scope="module")
def large_server(serve_pages):
    store = open_store("memory")
    store.add(list(conflict_graph(actors=ACTORS, relations=RELATIONS)))
    with serve_pages({"large": store}) as url:
        yield url


def node_positions(page) -> dict:
    return page.evaluate("window.network.getPositions(window.network.body.data.nodes.getIds().slice(0, 50))")


def test_graph_page_draws_the_whole_large_graph_and_comes_to_rest(page, large_server):
    page.goto(f"{large_server}/large")
    # Set by vis's stabilizationIterationsDone, not by the page's fallback timer.
    page.wait_for_selector("body[data-stabilized=true]", timeout=120_000)
    counts = page.evaluate("[window.network.body.data.nodes.length, window.network.body.data.edges.length]")
    assert counts == [ACTORS, RELATIONS]
    assert page.locator("#server-filters").is_hidden()  # nothing was cut
    assert not page.is_checked("#physics-toggle")  # the bounded layout ended and physics stopped
    before = node_positions(page)
    page.wait_for_timeout(500)
    assert node_positions(page) == before  # still
    assert page.locator("#legend").inner_text().count("side ") >= 2
    assert page.watch.errors == [] and page.watch.foreign_requests() == []
