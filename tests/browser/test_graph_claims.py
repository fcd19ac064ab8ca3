"""Claims on the graph page: an alleged relation is drawn dashed, its panel names who says so, and claims can
be hidden; camps come from facts unless the user asks."""

from pathlib import Path

import pytest
from graph_stores import build_seed_store
from test_graph_page import assert_clean, open_graph

from kg.ingest import Article
from kg.pipeline.loader import ArticleLoader
from kg.query import GraphFilters
from kg.viz import graph_data

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
CLAIMS_TEXT = (
    "Mali's government accused Ukraine of supporting the rebels. "
    "Syrian rebels said Russian jets bombed them. Iran backs the Houthis."
)
ALLEGED = "ukraine|supports|mali-rebels"
FACT = "iran|backs|houthis"


@pytest.fixture(scope="module")
def claims_url(extractor, serve_pages):
    store = build_seed_store(extractor)
    ArticleLoader(store, extractor).load(
        Article(text=CLAIMS_TEXT, title="Mali cuts ties with Ukraine", published="2024-08-05")
    )
    with serve_pages({"claims": store}) as url:
        yield url, store


def dashes(page, edge_id: str):
    return page.evaluate(f"window.network.body.edges[{edge_id!r}].options.dashes")


def test_graph_claims_alleged_edge_is_dashed_and_its_panel_names_the_source(page, claims_url):
    url, store = claims_url
    open_graph(page, f"{url}/claims")
    edges = {edge["id"]: edge for edge in graph_data(store)["edges"]}
    assert edges[ALLEGED]["claim"] == "alleged" and edges[FACT]["claim"] is None
    assert dashes(page, ALLEGED) and not dashes(page, FACT)
    page.evaluate(f"window.network.emit('click', {{nodes: [], edges: [{ALLEGED!r}]}})")
    panel = page.locator("#evidence")
    text = panel.inner_text()
    assert "according to Malian government" in text and "Mali's government accused" in text
    assert "No sentence states this as fact: it is alleged by Malian government" in text
    assert panel.locator("li[data-status=alleged]").count() == 1
    assert "dashed" in page.locator("#legend").inner_text().lower()
    page.locator("#network").hover(position={"x": 5, "y": 5})  # no hover highlight in the picture
    page.locator("#evidence").scroll_into_view_if_needed()
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "claims-graph.png"))
    assert_clean(page)


def test_graph_claims_can_be_hidden_and_filtered_by_status(page, claims_url):
    url, _ = claims_url
    open_graph(page, f"{url}/claims")
    drawn = "new Set(window.network.body.data.edges.getIds())"
    assert page.evaluate(f"{drawn}.has({ALLEGED!r})")
    page.uncheck("#claims-toggle")
    assert not page.evaluate(f"{drawn}.has({ALLEGED!r})") and page.evaluate(f"{drawn}.has({FACT!r})")
    page.check("#claims-toggle")
    page.select_option("#status-filter", "alleged")
    assert page.evaluate(f"[...{drawn}]") == [ALLEGED]
    assert "status=alleged" in page.url
    assert_clean(page)


def test_graph_claims_camps_count_facts_unless_asked(page, claims_url):
    url, store = claims_url
    facts_only, with_claims = graph_data(store), graph_data(store, GraphFilters(claims=True))
    assert "from facts only" in facts_only["legend"]["camps_from"]
    assert "claims counted" in with_claims["legend"]["camps_from"]
    open_graph(page, f"{url}/claims?claims=true")
    assert page.locator("#camp-claims").is_checked()
    assert "claims counted" in page.locator("#legend").inner_text()
    assert_clean(page)
