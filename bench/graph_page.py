"""How long the graph page takes at scale: a synthetic graph served by the real app, loaded in headless Chromium.

    python bench/graph_page.py [--actors 2000] [--relations 6000] [--runs 3]

Builds the graph with kg.synthetic (the triples `kg ingest` would store, without spaCy) in a memory store,
serves it with `api.main.create_app` under uvicorn on 127.0.0.1, and opens /graph in Chromium
(/usr/bin/chromium, or CHROMIUM_PATH). "Ready" is the page's `data-stabilized` mark: vis-network's
stabilizationIterationsDone after the bounded layout, when the page stops physics and the graph is still.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from api.main import create_app
from kg.config import Settings
from kg.store import open_store
from kg.synthetic import conflict_graph
from kg.viz import graph_data, render_page

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def timed(action: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


@contextmanager
def serving(store) -> Iterator[str]:
    """The real app over `store` on a free loopback port."""
    config = uvicorn.Config(
        create_app(Settings(store="memory"), store=store), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def browser_load(url: str) -> tuple[float, float, list[int]]:
    """Seconds to DOMContentLoaded and to the still, stabilised graph, and the drawn node and edge counts."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        start = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        loaded = time.perf_counter() - start
        page.wait_for_selector("body[data-stabilized=true]", timeout=120_000)
        ready = time.perf_counter() - start
        counts = page.evaluate("[window.network.body.data.nodes.length, window.network.body.data.edges.length]")
        browser.close()
    return loaded, ready, counts


def summary(data: dict) -> str:
    camps = sum(len(camp["members"]) > 1 for camp in data["camps"])
    return f"{len(data['nodes']):,}, {len(data['edges']):,}; {camps}; {data['agreement']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3, help="browser loads; the median is shown")
    args = parser.parse_args()

    store = open_store("memory")
    triples, generate = timed(lambda: list(conflict_graph(args.actors, args.relations, args.seed)))
    _, load = timed(lambda: store.add(triples))
    data, build = timed(lambda: graph_data(store))
    html, render = timed(lambda: render_page(store))
    with serving(store) as base:
        response, fetch = timed(lambda: httpx.get(f"{base}/graph", timeout=120))
        loads = [browser_load(f"{base}/graph") for _ in range(args.runs)]
    rows = [
        ("synthetic graph", f"{args.actors:,} actors, {args.relations:,} relations, {len(store):,} triples"),
        ("generate + load store", f"{generate:.2f} s + {load:.2f} s"),
        ("graph data build (graph_data: query, camps, PageRank, layout seed)", f"{build:.2f} s"),
        ("page render (render_page, includes the data build)", f"{render:.2f} s"),
        ("HTML size", f"{len(html.encode()) / 1e6:.1f} MB"),
        ("GET /graph from the app (status, seconds)", f"{response.status_code}, {fetch:.2f} s"),
        ("browser: DOMContentLoaded (median)", f"{statistics.median(r[0] for r in loads):.2f} s"),
        (
            "browser: ready and still (median; runs)",
            f"{statistics.median(r[1] for r in loads):.2f} s; {', '.join(f'{r[1]:.2f}' for r in loads)}",
        ),
        ("nodes, edges drawn", f"{loads[0][2][0]:,}, {loads[0][2][1]:,}"),
        ("nodes, edges in the data; camps (2+ actors); agreement", summary(data)),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |\n|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
