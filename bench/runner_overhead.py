"""What the hard time limit costs: "who backs X" run directly on pyoxigraph vs through QueryRunner's worker processes.

    python bench/runner_overhead.py [--actors 20000] [--repeat 300]

Prints p50/p95 per path and the ratios, measured in this one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

from rdflib import URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import timings  # noqa: E402  (bench/ is not a package)

from kg.model import ACTOR, CKG  # noqa: E402
from kg.query.runner import QueryRunner  # noqa: E402
from kg.store import open_store  # noqa: E402

WHO_BACKS = "SELECT ?who WHERE {{ ?who <{backs}> <{target}> }}"


def build(path: Path, actors: int) -> URIRef:
    """A store of random backs edges; returns an actor with about ten backers (a typical question)."""
    store = open_store(str(path))
    rng = random.Random(7)
    # Power-law-ish in-degree: a few actors are backed by many.
    edges = {
        (ACTOR[f"a{rng.randrange(actors)}"], CKG.backs, ACTOR[f"a{int(rng.paretovariate(1.2)) % actors}"])
        for _ in range(actors * 3)
    }
    store.add(edges)
    store.close()
    backers: dict[URIRef, int] = {}
    for _, _, target in edges:
        backers[target] = backers.get(target, 0) + 1
    return min(backers, key=lambda actor: abs(backers[actor] - 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = build(Path(tmp) / "kg", args.actors)
        store = open_store(str(Path(tmp) / "kg"))
        runner = QueryRunner(store, timeout=10, max_results=10_000)
        text = WHO_BACKS.format(backs=CKG.backs, target=target)
        paths = {
            "pyoxigraph, in process": lambda: list(store.query(text)),
            "QueryRunner.query (worker, parsed back)": lambda: list(runner.query(text)),
            "QueryRunner.answer (worker, JSON bytes)": lambda: runner.answer(
                text, {"solutions": "application/sparql-results+json"}
            ),
        }
        for run in paths.values():  # warm: workers started, checkpoint taken, caches filled
            timings(run, 20)
        results = {name: timings(run, args.repeat) for name, run in paths.items()}
        runner.close()
        store.close()
    base = statistics.median(results["pyoxigraph, in process"])
    print(f"{args.actors} actors, {args.actors * 3} backs edges drawn, {args.repeat} runs per path")
    print(f"{'path':45} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>10}")
    for name, values in results.items():
        p50, p95 = statistics.median(values), statistics.quantiles(values, n=20)[18]
        print(f"{name:45} {p50:8.3f} {p95:8.3f} {p50 / base:9.1f}x")


if __name__ == "__main__":
    main()
