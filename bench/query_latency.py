"""Query latency at graph scale (issue 6): our API in process and over HTTP, next to raw Oxigraph.

    PYTHONPATH=. python bench/query_latency.py [--sizes 100k,1M,5M] [--repeat 200] [--workdir DIR]

For each size: a generated graph (bench/generate_graph.py) bulk loaded into a fresh on-disk store, then
for a high-degree and a median actor X (by number of direct backers):
  * in process — our Python API on the on-disk store through QueryRunner (as `kg serve` runs it) vs raw
    `pyoxigraph.Store.query` of exactly the SPARQL our call sent (recorded, then replayed, every result read);
  * over HTTP — `kg serve` on loopback (a real server process, httpx keep-alive client) vs the same SPARQL
    POSTed to `oxigraph serve` on a checkpoint of the same store.
Questions: who backs X as one SPARQL query (QueryRunner.query; GET /sparql), as the pattern `?x backs X`
(run_pattern; GET /query), transitively `?x backs+ X`, the actor page (actor_detail; GET /actors/X) and
relations (relations(type=backs, target=X); GET /relations?type=backs&target=X).
`--profile 'who backs X (pattern)'` prints pyinstrument's call tree of that in-process call instead of timing.
Here (2 shared cores) 100k took ~7 minutes, 1M ~14 and 5M ~30: the hub's pages take 4-30 s a call at 5M
(at least 5 calls per path). Leave 5M out with --sizes 100k,1M.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import graph_file, kg_serve, machine, measure, oxigraph_serve, parse_size  # noqa: E402

from kg.model import ACTOR, CKG, SPARQL_PROLOGUE  # noqa: E402
from kg.query.pattern import run_pattern  # noqa: E402
from kg.query.runner import QueryRunner  # noqa: E402
from kg.query.views import actor_detail, relations  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

WHO_BACKS = SPARQL_PROLOGUE + "SELECT ?who WHERE {{ ?who ckg:backs <{target}> }}"
TIMEOUT = 300  # KG_QUERY_TIMEOUT here and for kg serve: the default 10 s cuts a 5M hub's page
BUDGET = 30.0  # seconds per path at most (at least 5 runs), so the slow hub pages end
BACKERS = f"""SELECT ?target (COUNT(DISTINCT ?who) AS ?n) WHERE {{ ?who <{CKG.backs}> ?target }}
GROUP BY ?target ORDER BY DESC(?n) ?target"""


class Recorder:
    """A Readable that passes queries to `store` and keeps their text: the SPARQL an API call sends."""

    def __init__(self, store: OxigraphStore, max_results: int) -> None:
        self.store, self.max_results, self.timeout = store, max_results, 10.0
        self.sent: list[str] = []

    def query(self, sparql: str, *, substitutions: dict | None = None):
        if substitutions:
            raise ValueError("the benchmark replays query text only")
        self.sent.append(sparql)
        return self.store.query(sparql)


@dataclass(frozen=True)
class Question:
    """One question: our in-process call, our HTTP request, and a label."""

    name: str
    ours: Callable[[object], object]  # called with a Readable (QueryRunner, or the Recorder)
    path: str
    params: dict


def questions(slug: str) -> list[Question]:
    target = f"{ACTOR}{slug}"
    who_backs = WHO_BACKS.format(target=target)
    return [
        Question(
            "who backs X (SPARQL,wkr)", lambda reader: list(reader.query(who_backs)), "/sparql", {"query": who_backs}
        ),
        Question(
            "who backs X (pattern)",
            lambda reader: run_pattern(reader, f"?x backs {slug}"),
            "/query",
            {"q": f"?x backs {slug}"},
        ),
        Question(
            "backs+ X (pattern)",
            lambda reader: run_pattern(reader, f"?x backs+ {slug}"),
            "/query",
            {"q": f"?x backs+ {slug}"},
        ),
        Question("actor page", lambda reader: actor_detail(reader, slug), f"/actors/{slug}", {}),
        Question(
            "relations backs→X",
            lambda reader: relations(reader, type="backs", target=slug),
            "/relations",
            {"type": "backs", "target": slug},
        ),
    ]


def pick_actors(store: OxigraphStore) -> dict[str, tuple[str, int]]:
    """The actor with the most direct backers, and one with the median number (among actors with any)."""
    counts = [(row["target"].value.removeprefix(str(ACTOR)), int(row["n"].value)) for row in store.query(BACKERS)]
    median = statistics.median_low([n for _, n in counts])
    return {"hub": counts[0], "median": next(pair for pair in counts if pair[1] == median)}


def recorded(store: OxigraphStore, question: Question) -> list[str]:
    recorder = Recorder(store, max_results=10_000)
    question.ours(recorder)
    return recorder.sent


def in_process(store: OxigraphStore, actors: dict, repeat: int) -> list[tuple]:
    """(actor kind, question, ours, raw, queries sent) measured on the live store, as kg serve holds it."""
    raw = store._store  # the pyoxigraph Store itself: the baseline
    runner = QueryRunner(store, timeout=TIMEOUT, max_results=10_000)
    rows = []
    try:
        for kind, (slug, _) in actors.items():
            for question in questions(slug):
                sent = recorded(store, question)
                ours = measure(lambda: question.ours(runner), repeat, budget=BUDGET)
                baseline = measure(lambda: [list(raw.query(text)) for text in sent], repeat, budget=BUDGET)
                rows.append((kind, question.name, ours, baseline, len(sent)))
    finally:
        runner.close()
    return rows


def over_http(store_dir: Path, copy: Path, sent_by: dict, actors: dict, repeat: int, logs: Path) -> list[tuple]:
    """(actor kind, question, kg serve, oxigraph serve) with the same SPARQL posted to the engine."""
    rows = []
    # A hub's actor page at 5M triples lists tens of thousands of events: give it more than the default 10 s.
    with (
        kg_serve(store_dir, logs / "kg-serve.log", query_timeout=str(TIMEOUT)) as ours_url,
        oxigraph_serve(copy, logs / "oxigraph.log") as ox_url,
        httpx.Client(base_url=ours_url, timeout=600) as ours,
        httpx.Client(base_url=ox_url, timeout=600) as engine,
    ):
        accept = {"Accept": "application/sparql-results+json"}

        def direct(texts: list[str]) -> None:
            for text in texts:
                engine.post(
                    "/query", content=text.encode(), headers=accept | {"Content-Type": "application/sparql-query"}
                ).raise_for_status()

        for kind, (slug, _) in actors.items():
            for question in questions(slug):
                texts = sent_by[kind, question.name]
                ours_latency = measure(
                    lambda: ours.get(question.path, params=question.params).raise_for_status(), repeat, budget=BUDGET
                )
                engine_latency = measure(lambda: direct(texts), repeat, budget=BUDGET)
                rows.append((kind, question.name, ours_latency, engine_latency, len(texts)))
    return rows


def profile(store: OxigraphStore, actors: dict, name: str, runs: int = 200) -> str:
    """pyinstrument's call tree of our in-process call for question `name` on the median actor."""
    from pyinstrument import Profiler  # the `bench` extra

    question = next(q for q in questions(actors["median"][0]) if q.name == name)
    runner = QueryRunner(store, timeout=TIMEOUT, max_results=10_000)
    try:
        question.ours(runner)  # warm: workers started, checkpoint taken
        profiler = Profiler(interval=0.0001)
        with profiler:
            for _ in range(runs):
                question.ours(runner)
    finally:
        runner.close()
    return profiler.output_text(unicode=False, color=False, show_all=False)


def table(title: str, rows: list[tuple], ours: str, theirs: str) -> str:
    lines = [
        f"\n{title}",
        f"{'X':7} {'question':24} {ours + ' p50':>12} {'p95':>8} {theirs + ' p50':>14} {'p95':>8}"
        f" {'p50 ratio':>9} {'queries':>7}",
    ]
    for kind, name, mine, base, queries in rows:
        lines.append(
            f"{kind:7} {name:24} {mine.p50:12.3f} {mine.p95:8.3f} {base.p50:14.3f} {base.p95:8.3f}"
            f" {mine.p50 / base.p50:8.2f}x {queries:7}"
        )
    return "\n".join(lines)


def run_size(triples: int, workdir: Path, repeat: int, profiled: str | None = None) -> None:
    source = graph_file(workdir, triples)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store_dir, copy = Path(tmp) / "kg", Path(tmp) / "engine-copy"
        store = OxigraphStore(store_dir)
        store.bulk_load(source)
        actors = pick_actors(store)
        print(
            f"\n=== {len(store):,} quads ({source.name}); X: hub {actors['hub'][0]} ({actors['hub'][1]} backers), "
            f"median {actors['median'][0]} ({actors['median'][1]} backers); {machine()}"
        )
        if profiled:
            print(profile(store, actors, profiled))
            store.close()
            return
        local = in_process(store, actors, repeat)
        print(table("in process: our API vs raw pyoxigraph (same SPARQL), ms", local, "ours", "pyoxigraph"))
        sent_by = {(kind, q.name): recorded(store, q) for kind, (slug, _) in actors.items() for q in questions(slug)}
        store._store.backup(str(copy))  # a RocksDB checkpoint: the same data for oxigraph serve
        store.close()
        remote = over_http(store_dir, copy, sent_by, actors, repeat, Path(tmp))
        print(table("over HTTP: kg serve vs oxigraph serve (same SPARQL posted), ms", remote, "kg serve", "oxigraph"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M,5M", help="comma-separated triple counts (default 100k,1M,5M)")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per path")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-bench",
        help="where generated graphs are kept between runs",
    )
    parser.add_argument(
        "--profile",
        metavar="QUESTION",
        help="instead of timing: pyinstrument profile of our "
        "in-process call for this question (e.g. 'who backs X (pattern)') on the median actor",
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        run_size(parse_size(size), args.workdir, args.repeat, args.profile)


if __name__ == "__main__":
    main()
