"""The workbench pages (/, the query page, /map) in headless Chromium against the real app: offline (every request
is intercepted and any off 127.0.0.1 fails the test), no console errors, and each page does its job."""

import csv
import io
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from kg.query.placed import placed_events

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
BACKS = (
    "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?whoLabel ?whomLabel WHERE { ?who ckg:backs ?whom . ?who rdfs:label ?whoLabel . "
    "?whom rdfs:label ?whomLabel }"
)


@pytest.fixture
def offline_page(page):
    """The conftest's page, with every request intercepted: loopback goes on, anything else is refused and noted."""
    refused: list[str] = []

    def gate(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", gate)
    page.refused = refused
    return page


def assert_clean(page) -> None:
    assert page.refused == [], f"requests off the machine: {page.refused}"
    assert page.watch.foreign_requests() == [], page.watch.foreign_requests()
    assert page.watch.errors == [], f"console errors: {page.watch.errors}"
    assert page.watch.dialogs == [], page.watch.dialogs


def screenshot(page, name: str) -> None:
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / name))


def test_landing_page_shows_the_store_and_links_everywhere(offline_page, app_url):
    page = offline_page
    page.goto(f"{app_url}/")
    articles = page.locator("#count-articles").inner_text()
    assert int(articles) >= 1 and int(page.locator("#count-events").inner_text()) > 0
    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert {"/graph", "/map", "/sparql", "/docs"} <= set(hrefs)
    questions = page.locator("#questions a")
    assert questions.count() >= 4
    assert "al Tanf" in page.locator("#questions").inner_text()
    screenshot(page, "workbench-landing.png")
    questions.filter(has_text="Who backs whom").click()
    page.wait_for_selector("body[data-rows]", timeout=30_000)
    assert int(page.evaluate("document.body.dataset.rows")) > 0
    page.wait_for_selector(".yasr table tbody tr", timeout=10_000)
    screenshot(page, "workbench-query.png")
    assert_clean(page)


def test_query_page_runs_who_backs_whom_as_a_table(offline_page, app_url, seeded_store):
    page = offline_page
    page.goto(f"{app_url}/sparql?query={quote(BACKS)}")
    page.wait_for_selector("body[data-rows]", timeout=30_000)
    expected = {(row["whoLabel"].value, row["whomLabel"].value) for row in seeded_store.query(BACKS)}
    page.wait_for_selector(".yasr table tbody tr", timeout=10_000)
    table = page.locator(".yasr table").inner_text()
    assert expected and all(who in table and whom in table for who, whom in expected)
    assert int(page.evaluate("document.body.dataset.rows")) == len(expected)
    assert page.locator(".CodeMirror").count() == 1  # the highlighting editor, not a plain text box
    assert page.locator(".cm-keyword", has_text="SELECT").count() >= 1
    assert_clean(page)


def test_query_page_csv_download_holds_the_rows(offline_page, app_url):
    page = offline_page
    page.goto(f"{app_url}/sparql?query={quote(BACKS)}")
    page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    with page.expect_download() as download:
        page.locator(".yasr_downloadIcon").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["whoLabel", "whomLabel"]
    assert ["Iran", "Assad regime"] in rows[1:]
    assert_clean(page)


def test_query_page_runs_a_pattern(offline_page, app_url):
    page = offline_page
    page.goto(f"{app_url}/sparql?pattern={quote('?x backs assad-regime')}")
    page.wait_for_selector("body[data-rows]", timeout=30_000)
    assert int(page.evaluate("document.body.dataset.rows")) >= 1
    assert "iran" in page.locator(".yasr").inner_text().lower()
    assert "VALUES" in page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert_clean(page)


def test_query_page_says_what_is_wrong_with_a_pattern(offline_page, app_url):
    page = offline_page
    page.goto(f"{app_url}/sparql?pattern={quote('?x hugs assad-regime')}")
    page.wait_for_selector("body[data-error=true]", timeout=30_000)
    assert "hugs" in page.locator("#pattern-status").inner_text()
    assert page.refused == [] and page.watch.foreign_requests() == []


def test_map_draws_the_seeds_placed_events(offline_page, app_url, seeded_store):
    page = offline_page
    page.goto(f"{app_url}/map")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    placed = placed_events(seeded_store)
    assert placed and int(page.evaluate("document.body.dataset.events")) == len(placed)
    assert page.locator("#map path.country").count() > 100
    drawn = sum(int(n) for n in page.eval_on_selector_all("#map g.mark", "marks => marks.map(m => m.dataset.count)"))
    assert drawn == len(placed)
    page.locator("#map g.mark").first.click()
    panel = page.locator("#map-panel")
    assert panel.locator("article.event").count() >= 1
    first = min(placed, key=lambda e: (e.date, e.event))
    assert first.sentence[:40] in panel.inner_text()
    assert {"fact", "claim"} & set(panel.locator(".status").all_inner_texts())
    assert_clean(page)


def test_timeline_brush_narrows_the_map(offline_page, app_url, seeded_store):
    page = offline_page
    page.goto(f"{app_url}/map")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    total = int(page.evaluate("document.body.dataset.events"))
    box = page.locator("#timeline .brush .overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=5)
    page.mouse.up()
    shown = int(page.evaluate("document.body.dataset.events"))
    start, end = (date.fromisoformat(day) for day in page.evaluate("document.body.dataset.range").split("/"))
    expected = [e for e in placed_events(seeded_store) if start <= e.date <= end]
    assert 0 < shown < total and shown == len(expected)
    assert sum(int(n) for n in page.eval_on_selector_all("#map g.mark", "m => m.map(x => x.dataset.count)")) == shown
    page.locator("#map g.mark").first.click()
    assert page.locator("#map-panel article.event").count() == shown
    page.mouse.move(5, 5)
    screenshot(page, "workbench-map.png")
    assert_clean(page)


def test_pages_link_to_each_other_keeping_the_filters(offline_page, app_url):
    page = offline_page
    filters = "relation=strikes&since=2017-05-01&until=2017-06-30"
    page.goto(f"{app_url}/map?{filters}")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert page.get_attribute("#nav-graph", "href") == f"/graph?{filters}"
    page.click("#nav-query")
    page.wait_for_selector("body[data-rows]", timeout=30_000)
    assert "ckg:strikes" in page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert page.get_attribute("#nav-map", "href") == f"/map?{filters}"
    page.click("#nav-graph")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert page.get_attribute("#nav-map", "href") == f"/map?{filters}"
    assert page.get_attribute("#nav-query", "href") == f"/sparql?{filters}"
    page.fill("#until", "2017-06-10")  # a filter changed on the graph page travels too
    page.dispatch_event("#until", "change")
    assert page.get_attribute("#nav-map", "href") == "/map?relation=strikes&since=2017-05-01&until=2017-06-10"
    assert_clean(page)


def test_query_page_completes_our_prefixes_and_shares_runnable_links(offline_page, app_url):
    page = offline_page
    page.goto(f"{app_url}/sparql")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('')")
    page.click(".CodeMirror")
    page.keyboard.type("PREFIX ck")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints")
    hints.wait_for(timeout=10_000)
    assert "ckg: <https://w3id.org/conflict-kg/ontology#>" in hints.inner_text()
    page.keyboard.press("Escape")
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('ASK { ?s ?p ?o }')")
    page.click(".yasqe_share")
    link = page.locator(".yasqe_sharePopup input, .yasqe_sharePopup textarea").first.input_value()
    assert link.startswith(f"{app_url}/sparql?query=ASK")
    assert_clean(page)
