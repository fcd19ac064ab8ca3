"""Read throughput and latency of `kg serve`, without and with concurrent ingestion (loopback only).

    python bench/load.py [--url http://127.0.0.1:8000 --token T] [--readers 4] [--writers 2]
                         [--seconds 10] [--max-requests 5000] [--preload 150] [--articles 150]

Without --url it starts its own `kg serve` on a free loopback port over a temporary store and stops it
afterwards. It first posts --preload generated articles, then runs three phases, each bounded by --seconds
and --max-requests: readers alone, looping over a mix of /sparql, /query, /actors and /relations; the same
while writers POST up to --articles more to /articles (the phase ends early when they are all in); readers
alone again (the graph is larger by then).
Prints requests/s and p50/p95 latency per phase and per request, and the ratios of the ingesting phase to
the first.
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the generated articles the fault tests use
from synthetic_articles import make_articles  # noqa: E402 (found through the path set just above)

sys.path.insert(0, str(ROOT / "bench"))
from _common import kg_serve  # noqa: E402

BACKS = (
    "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?who ?whom WHERE { ?who ckg:backs ?whom } LIMIT 100"
)
READS = [
    ("/sparql", {"query": BACKS}),
    ("/query", {"q": "?x backs ?y"}),
    ("/query", {"q": "?x strikes ?y . ?y fights ?z"}),
    ("/actors", {"limit": "50"}),
    ("/actors", {"name": "iran"}),
    ("/relations", {"type": "strikes"}),
    ("/relations", {"type": "backs", "source": "iran"}),
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Phase:
    """Latencies (seconds) and failures of one kind of request in one phase."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    by_request: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool, request: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_request.setdefault(request, []).append(seconds)
            self.errors += not ok

    def percentile(self, share: float, request: str | None = None) -> float:
        return _percentile(self.latencies if request is None else self.by_request.get(request, []), share)


def _percentile(latencies: list[float], share: float) -> float:
    """The `share` quantile in milliseconds (nearest rank)."""
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


@contextmanager
def own_server(token: str):
    """A `kg serve` on a free loopback port over a temporary store; yields its URL."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        kg_serve(Path(tmp) / "kg", Path(tmp) / "serve.log", api_token=token) as url,
    ):
        yield url


def read_loop(url: str, reads: Phase, stop: threading.Event, budget: itertools.count, limit: int, offset: int) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        for path, params in itertools.islice(itertools.cycle(READS), offset, None):
            if stop.is_set() or next(budget) >= limit:
                return
            started = time.perf_counter()
            try:
                ok = client.get(path, params=params).status_code == 200
            except httpx.TransportError:
                ok = False
            reads.add(time.perf_counter() - started, ok, _name(path, params))


def _name(path: str, params: dict) -> str:
    return path if path == "/sparql" else f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}"


def write_loop(url: str, token: str, articles, writes: Phase, stop: threading.Event) -> None:
    with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        for body in articles:
            if stop.is_set():
                return
            started = time.perf_counter()
            try:
                ok = client.post("/articles", json=body).status_code in (200, 201)
            except httpx.TransportError:
                ok = False
            writes.add(time.perf_counter() - started, ok)


def run_phase(url: str, args, token: str, articles=None) -> tuple[Phase, Phase, float]:
    """Readers, and writers when given articles, until --seconds pass, --max-requests reads are made, or the
    writers have posted every article (so an ingesting phase has ingestion throughout)."""
    reads, writes, stop, budget = Phase(), Phase(), threading.Event(), itertools.count()
    readers = [
        threading.Thread(target=read_loop, args=(url, reads, stop, budget, args.max_requests, n))
        for n in range(args.readers)
    ]
    writers = (
        [
            threading.Thread(target=write_loop, args=(url, token, articles[n :: args.writers], writes, stop))
            for n in range(args.writers)
        ]
        if articles is not None
        else []
    )
    started = time.perf_counter()
    for thread in readers + writers:
        thread.start()
    while (
        time.perf_counter() - started < args.seconds
        and any(t.is_alive() for t in readers)
        and (not writers or any(t.is_alive() for t in writers))
    ):
        time.sleep(0.05)
    stop.set()
    for thread in readers:  # each finishes the request in flight
        thread.join()
    elapsed = time.perf_counter() - started
    for thread in writers:
        thread.join()
    return reads, writes, elapsed


def report(rows: list[tuple[str, Phase, Phase, float]]) -> None:
    print(
        f"{'phase':<22}{'reads':>7}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'writes':>8}{'w/s':>7}{'w p95 ms':>10}"
    )
    for name, reads, writes, elapsed in rows:
        print(
            f"{name:<22}{len(reads.latencies):>7}{reads.errors + writes.errors:>8}"
            f"{len(reads.latencies) / elapsed:>9.1f}{reads.percentile(0.5):>9.1f}{reads.percentile(0.95):>9.1f}"
            f"{len(writes.latencies):>8}{len(writes.latencies) / elapsed:>7.1f}{writes.percentile(0.95):>10.1f}"
        )
    (_, base, _, base_time), (_, loaded, _, loaded_time) = rows[0], rows[1]
    throughput = (len(loaded.latencies) / loaded_time) / (len(base.latencies) / base_time)
    print(
        f"\nwith ingestion / without: read throughput x{throughput:.2f}, "
        f"p50 x{loaded.percentile(0.5) / base.percentile(0.5):.2f}, "
        f"p95 x{loaded.percentile(0.95) / base.percentile(0.95):.2f}"
    )
    print(f"\n{'p50 / p95 ms per request':<44}" + "".join(f"{name:>22}" for name, *_ in rows))
    for request in rows[0][1].by_request:
        cells = (
            f"{reads.percentile(0.5, request):>12.1f} /{reads.percentile(0.95, request):>7.1f}"
            for _, reads, _, _ in rows
        )
        print(f"{request:<44}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running kg serve on this machine (default: start one)")
    parser.add_argument("--token", default=os.environ.get("KG_API_TOKEN"), help="its KG_API_TOKEN (with --url)")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10, help="longest a phase runs")
    parser.add_argument("--max-requests", type=int, default=5000, help="most reads in a phase")
    parser.add_argument("--preload", type=int, default=150, help="articles posted before measuring")
    parser.add_argument("--articles", type=int, default=150, help="most articles posted while ingesting")
    args = parser.parse_args()
    if args.url and urlsplit(args.url).hostname not in LOOPBACK:
        parser.error("--url must be a loopback address (127.0.0.1, localhost, ::1): this is a load generator")
    token = args.token or secrets.token_urlsafe(16)
    with own_server(token) if not args.url else _given(args.url) as url:
        articles = make_articles(args.preload + args.articles, seed=secrets.randbelow(10**6))
        # Reads cost more as the graph grows: preload it, so the phases compare contention more than size.
        preloaded = Phase()
        write_loop(url, token, articles[: args.preload], preloaded, threading.Event())
        if preloaded.errors:
            sys.exit(f"{preloaded.errors} of {args.preload} articles were refused while preloading (token?)")
        for path, params in READS:  # warm up: the worker processes and a first snapshot
            httpx.get(f"{url}{path}", params=params, timeout=30)
        print(
            f"{url}: {args.preload} articles preloaded; {args.readers} readers, {args.writers} writers; "
            f"phases of at most {args.seconds:g} s / {args.max_requests} reads\n"
        )
        rows = [
            ("reads only", *run_phase(url, args, token)),
            ("reads + ingestion", *run_phase(url, args, token, articles[args.preload :])),
            ("reads only (after)", *run_phase(url, args, token)),
        ]
        report(rows)


@contextmanager
def _given(url: str):
    yield url.rstrip("/")


if __name__ == "__main__":
    main()
