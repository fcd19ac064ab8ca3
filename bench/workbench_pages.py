"""How long the workbench pages take at scale: a synthetic graph served by the real app, /map in headless Chromium.

    python bench/workbench_pages.py [--actors 2000] [--relations 6000] [--runs 3]

Builds the graph with kg.synthetic (dated events, 60% of them at places with coordinates) in a memory store,
times the landing page's overview and the map's placed-events read, GETs `/`, `/map` and the query page, and
opens /map in Chromium until the page marks itself ready (base map, markers and timeline drawn).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from graph_page import CHROMIUM, serving, timed  # noqa: E402  (bench/ is not a package)

from kg.query.overview import overview
from kg.query.placed import placed_events
from kg.store import open_store
from kg.synthetic import conflict_graph

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def map_in_browser(url: str, runs: int) -> list[tuple[float, int]]:
    """Seconds from navigation to the map's ready mark, and the events it drew, per run."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            _, seconds = timed(
                lambda: (page.goto(f"{url}/map"), page.wait_for_selector("body[data-ready=true]", timeout=120_000))
            )
            found.append((seconds, int(page.evaluate("document.body.dataset.events"))))
            page.close()
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    store = open_store("memory")
    store.add(conflict_graph(args.actors, args.relations))
    summary, seconds = timed(lambda: overview(store))
    print(f"overview: {seconds:.2f} s ({summary.events:,} events, {summary.actors:,} actors)")
    events, seconds = timed(lambda: placed_events(store))
    print(f"placed_events: {seconds:.2f} s ({len(events):,} dated, placed events)")
    with serving(store) as url:
        for path in ("/", "/map", "/sparql"):
            response, seconds = timed(lambda: httpx.get(url + path, headers=BROWSER, timeout=120))
            print(f"GET {path}: {seconds:.2f} s, {len(response.content) / 1e6:.2f} MB, status {response.status_code}")
        loads = map_in_browser(url, args.runs)
    print(
        "browser /map to ready: "
        + ", ".join(f"{s:.2f} s ({n:,} events)" for s, n in loads)
        + f"; median {statistics.median(s for s, _ in loads):.2f} s"
    )


if __name__ == "__main__":
    main()
