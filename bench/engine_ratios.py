"""The figures of issue 16, each next to `oxigraph serve` on the same data, measured in one run, interleaved.

    PYTHONPATH=. python bench/engine_ratios.py [--sizes 100k,1M] [--repeat 50] [--workdir DIR]
        [--store DIR] [--only patterns]

For each size a generated graph (bench/generate_graph.py) is bulk loaded into a fresh on-disk store (or, with
`--store`, a copy of that store is taken instead, and `--sizes` is not read), a RocksDB checkpoint of it is served
by `oxigraph serve`, and the store itself by `kg serve`. `--only patterns` gives the `/query` rows alone, after one
start. Rows:
  * `/query` patterns — `?x backs X` for the median X and for the hub (most backers), and
    `?x backs ?y . ?y strikes Z` (Z: the median among actors struck by a backed actor) — against the
    SPARQL the pattern compiled to (the answer's `sparql`), POSTed to the engine. `/query` answers its
    default page (100 rows) with labels and evidence; the engine's query gives every row, bare. Repeated,
    these find the edges' evidence kept since the last write (kg.query.pattern.kept); the row "hub, first
    after a write" sends a small unrelated SPARQL Update (untimed) to each server before each call, so every
    call of ours reads the evidence afresh (an update cannot say what it touched); the row "hub, first after an
    unrelated article" POSTs a new article about two other actors to ours instead (the engine gets the update),
    which drops only what the article touched. It runs last, after the memory is read: the article loads spaCy.
  * `GET /sparql` "who backs X", a new text each time (a comment numbered per call) and the same text;
    the engine gets the same GET. At least CHEAP_CALLS calls each (a call takes ~1.5 ms): the p50 of 30 calls
    moved by a tenth between runs on the same trees.
  * throughput: 8 client threads sending the same-text query for a few seconds each, ours then the engine's.
  * `/health` (kept counts) next to the engine's cheapest request, `ASK {}`.
  * cold start: process start to the first 200 from `/health` (`kg serve`, a stored graph) and from
    `ASK {}` (`oxigraph serve`); idle memory: each server's RSS after start, and again after the runs.
  * export: `kg export --format nt|turtle -o FILE` (`python -m kg`, as the `kg` command runs it) against
    `oxigraph dump` of the checkpoint's default graph, alternately EXPORTS times each; the fastest of each.
Calls alternate ours / engine's, so load from other processes falls on both. Ratio = ours / engine at p50.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, free_port, graph_file, machine, parse_size, percentiles  # noqa: E402
from query_latency import pick_actors  # noqa: E402

from kg.model import ACTOR, CKG, SPARQL_PROLOGUE  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

WHO_BACKS = SPARQL_PROLOGUE + "SELECT ?who WHERE {{ ?who ckg:backs <{target}> }}"
STRUCK_BY_BACKED = f"""SELECT ?t (COUNT(DISTINCT ?y) AS ?n) WHERE {{ ?y <{CKG.strikes}> ?t .
  FILTER EXISTS {{ ?x <{CKG.backs}> ?y }} }} GROUP BY ?t ORDER BY ?n ?t"""
JSON = {"Accept": "application/sparql-results+json"}
CLIENTS, THROUGHPUT_SECONDS, STARTS = 8, 5.0, 3
CHEAP_CALLS = 500  # per server, for the cheap GET /sparql and /health rows
EXPORTS = 3  # one export is one new process of seconds: a third pass takes a slow start out of the minimum
TOKEN = "engine-ratios"  # KG_API_TOKEN of the `kg serve` under test: POST /update needs one
UNRELATED = "INSERT DATA {{ <urn:bench:write/{n}> <urn:bench:said> {n} }}"
ARTICLE = "Report {n}: Russian jets bombed Ukrainian forces near Kharkiv."  # actors far from any hub; new each time


def two_hop_target(store: OxigraphStore) -> str:
    rows = [row["t"].value.removeprefix(str(ACTOR)) for row in store.query(STRUCK_BY_BACKED)]
    return rows[len(rows) // 2]


def interleaved(
    ours: Callable[[], object],
    theirs: Callable[[], object],
    repeat: int,
    budget: float = 60.0,
    before: tuple[Callable[[], object], Callable[[], object]] | None = None,
):
    """p50/p95 of both, called alternately `repeat` times (fewer, at least 5, past `budget` seconds); `before`
    (ours, theirs) runs untimed before each timed call of the same server."""
    for _ in range(2):
        ours(), theirs()
    mine, engine, deadline = [], [], time.perf_counter() + budget
    for _ in range(repeat):
        for run, found, ready in ((ours, mine, before and before[0]), (theirs, engine, before and before[1])):
            if ready:
                ready()
            started = time.perf_counter()
            run()
            found.append((time.perf_counter() - started) * 1000)
        if len(mine) >= 5 and time.perf_counter() > deadline:
            break
    return percentiles(mine), percentiles(engine)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


class Server:
    """A server process on a loopback port; `started` is the seconds from Popen to the first 200 of `probe`."""

    def __init__(self, command: list[str], probe: str, port: int, log: Path, env: dict | None = None) -> None:
        begun = time.perf_counter()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        self.url = f"http://127.0.0.1:{port}"
        deadline = begun + 300
        # One client for every probe: `httpx.get` builds a client (and its SSL context: 57 ms of CPU measured) per call, and
        # polling that way every 5 ms took a core from the server starting on a 2-core machine.
        with httpx.Client() as client:
            while time.perf_counter() < deadline:
                if self.process.poll() is not None:
                    sys.exit(f"{command[:3]} exited:\n{log.read_text()[-3000:]}")
                try:
                    if client.get(self.url + probe, timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.005)
        self.started = time.perf_counter() - begun

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def kg_server(store: Path, log: Path) -> Server:
    port = free_port()
    env = os.environ | {
        "KG_STORE": str(store),
        "KG_QUERY_TIMEOUT": "300",
        "KG_API_TOKEN": TOKEN,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return Server([sys.executable, "-m", "kg", "serve", "--port", str(port)], "/health", port, log, env)


def engine_server(copy: Path, log: Path) -> Server:
    port = free_port()
    return Server(
        [shutil.which("oxigraph"), "serve", "--location", str(copy), "--bind", f"127.0.0.1:{port}"],
        "/query?query=ASK%7B%7D",
        port,
        log,
    )


def throughput(url: str, params: dict, headers: dict, seconds: float = THROUGHPUT_SECONDS) -> float:
    """Requests per second answered by `CLIENTS` threads, each with its own keep-alive client."""
    done, stop = [0] * CLIENTS, time.perf_counter() + seconds

    def client(index: int) -> None:
        with httpx.Client(timeout=60) as http:
            while time.perf_counter() < stop:
                http.get(url, params=params, headers=headers).raise_for_status()
                done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def row(name: str, ours, theirs) -> str:
    return (
        f"| {name} | {ours.p50:.3f} | {ours.p95:.3f} | {theirs.p50:.3f} | {theirs.p95:.3f} "
        f"| **{ours.p50 / theirs.p50:.2f}×** |"
    )


def pattern_calls(ours: httpx.Client, engine: httpx.Client, pattern: str) -> tuple[Callable, Callable]:
    """`/query` of `pattern` on ours, and the SPARQL it compiles to (as our answer gives it) POSTed to the engine."""
    sparql = ours.get("/query", params={"q": pattern}).raise_for_status().json()["sparql"]
    headers = JSON | {"Content-Type": "application/sparql-query"}
    return (
        lambda: ours.get("/query", params={"q": pattern}).raise_for_status(),
        lambda: engine.post("/query", content=sparql.encode(), headers=headers).raise_for_status(),
    )


def pattern_rows(ours: httpx.Client, engine: httpx.Client, picks: dict, repeat: int) -> list[str]:
    lines = []
    for name, pattern in picks.items():
        mine, theirs = interleaved(*pattern_calls(ours, engine, pattern), repeat)
        lines.append(row(f"`/query` {name}: `{pattern}`", mine, theirs))
    lines.append(_first_after_a_write(ours, engine, picks["hub"], repeat))
    return lines


def latencies(ours: httpx.Client, engine: httpx.Client, picks: dict, repeat: int) -> list[str]:
    lines = pattern_rows(ours, engine, picks, repeat)
    repeat = max(repeat, CHEAP_CALLS)
    who_backs = WHO_BACKS.format(target=f"{ACTOR}{picks['median'].split()[-1]}")
    texts = (f"{who_backs}\n# call {number}" for number in range(10**9))  # never the same text twice
    sent: list[str] = []

    def ours_fresh() -> None:
        sent.append(next(texts))
        ours.get("/sparql", params={"query": sent[-1]}, headers=JSON).raise_for_status()

    mine, theirs = interleaved(
        ours_fresh,
        lambda: engine.get("/query", params={"query": sent[-1] + " "}, headers=JSON).raise_for_status(),
        repeat,
    )
    lines.append(row("`GET /sparql` who backs X, a new text each time", mine, theirs))
    same = {"query": who_backs}
    mine, theirs = interleaved(
        lambda: ours.get("/sparql", params=same, headers=JSON).raise_for_status(),
        lambda: engine.get("/query", params=same, headers=JSON).raise_for_status(),
        repeat,
    )
    lines.append(row("`GET /sparql` who backs X, the same text", mine, theirs))
    mine, theirs = interleaved(
        lambda: ours.get("/health").raise_for_status(),
        lambda: engine.get("/query", params={"query": "ASK {}"}, headers=JSON).raise_for_status(),
        repeat,
    )
    lines.append(row("`/health` (engine: `ASK {}`)", mine, theirs))
    return lines


_written = itertools.count()


def _update(client: httpx.Client, headers: dict) -> None:
    """An unrelated SPARQL Update (a new triple each time)."""
    sent = UNRELATED.format(n=next(_written)).encode()
    client.post(
        "/update", content=sent, headers={"Content-Type": "application/sparql-update"} | headers
    ).raise_for_status()


def _article(client: httpx.Client) -> None:
    """A new article about two actors unrelated to the hub, through POST /articles."""
    text = ARTICLE.format(n=next(_written))
    client.post("/articles", json={"text": text}, headers={"Authorization": f"Bearer {TOKEN}"}).raise_for_status()


def _first_after_a_write(ours: httpx.Client, engine: httpx.Client, pattern: str, repeat: int) -> str:
    """The hub pattern, each call after an unrelated update to the same server (untimed): nothing kept is valid."""
    mine, theirs = interleaved(
        *pattern_calls(ours, engine, pattern),
        repeat,
        before=(lambda: _update(ours, {"Authorization": f"Bearer {TOKEN}"}), lambda: _update(engine, {})),
    )
    return row(f"`/query` hub, first after a write: `{pattern}`", mine, theirs)


def first_after_an_article(ours: httpx.Client, engine: httpx.Client, pattern: str, repeat: int) -> str:
    """The hub pattern, each call of ours after an unrelated article (untimed; the engine gets an update)."""
    _article(ours)  # the first loads spaCy
    mine, theirs = interleaved(
        *pattern_calls(ours, engine, pattern), repeat, before=(lambda: _article(ours), lambda: _update(engine, {}))
    )
    return row(f"`/query` hub, first after an unrelated article: `{pattern}`", mine, theirs)


def exports(store_dir: Path, copy: Path, tmp: Path) -> list[str]:
    lines = []
    env = os.environ | {
        "KG_STORE": str(store_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    for fmt, extension in (("nt", "nt"), ("turtle", "ttl")):
        mine, theirs = [], []
        for _ in range(EXPORTS):
            for command, found in (
                (
                    [sys.executable, "-m", "kg", "export", "--format", fmt, "-o", str(tmp / f"ours.{extension}")],
                    mine,
                ),
                (
                    [
                        shutil.which("oxigraph"),
                        "dump",
                        "--location",
                        str(copy),
                        "--graph",
                        "default",
                        "--file",
                        str(tmp / f"engine.{extension}"),
                    ],
                    theirs,
                ),
            ):
                started = time.perf_counter()
                subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
                found.append(time.perf_counter() - started)
        sizes = (tmp / f"ours.{extension}").stat().st_size, (tmp / f"engine.{extension}").stat().st_size
        lines.append(
            f"| export {fmt} (s, new process; {sizes[0] / 1e6:.0f} / {sizes[1] / 1e6:.0f} MB) "
            f"| {min(mine):.2f} | | {min(theirs):.2f} | | **{min(mine) / min(theirs):.2f}×** |"
        )
    return lines


def run_size(triples: int, workdir: Path, repeat: int, stored: Path | None = None, only: str = "all") -> None:
    """One size's table: a generated graph of `triples`, or a copy of the store `stored`."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp_name:
        tmp = Path(tmp_name)
        store_dir, copy, log = tmp / "kg", tmp / "engine-copy", tmp / "servers.log"
        if stored is not None:
            shutil.copytree(stored, store_dir)  # never the store itself: the runs write to it
            store = OxigraphStore(store_dir)
        else:
            store = OxigraphStore(store_dir)
            store.bulk_load(graph_file(workdir, triples))
        actors, struck = pick_actors(store), two_hop_target(store)
        store._store.backup(str(copy))
        quads = len(store)
        store.close()
        picks = {
            "median": f"?x backs {actors['median'][0]}",
            "hub": f"?x backs {actors['hub'][0]}",
            "2-hop": f"?x backs ?y . ?y strikes {struck}",
        }
        print(
            f"\n#### {quads:,} quads — median X {actors['median'][0]} ({actors['median'][1]} backers), hub "
            f"{actors['hub'][0]} ({actors['hub'][1]}), 2-hop Z {struck}\n\n_{machine()}_\n"
        )
        print("| path | kg serve p50 | p95 | oxigraph serve p50 | p95 | ratio |\n|---|---:|---:|---:|---:|---:|")
        starts = []
        for _ in range(STARTS if only == "all" else 1):  # cold starts, alternating; the last pair stays up
            ours, engine = kg_server(store_dir, log), engine_server(copy, log)
            starts.append((ours.started, engine.started))
            idle = rss_mb(ours.process.pid), rss_mb(engine.process.pid)
            if len(starts) < STARTS and only == "all":
                ours.stop(), engine.stop()
        try:
            with (
                httpx.Client(base_url=ours.url, timeout=600) as mine,
                httpx.Client(base_url=engine.url, timeout=600) as theirs,
            ):
                for line in (latencies if only == "all" else pattern_rows)(mine, theirs, picks, repeat):
                    print(line)
                if only == "all":
                    same = {"query": WHO_BACKS.format(target=f"{ACTOR}{actors['median'][0]}")}
                    rates = throughput(ours.url + "/sparql", same, JSON), throughput(engine.url + "/query", same, JSON)
                    after = rss_mb(ours.process.pid), rss_mb(engine.process.pid)
                print(first_after_an_article(mine, theirs, picks["hub"], repeat), flush=True)
        finally:
            ours.stop(), engine.stop()
        if only == "all":
            others(starts, idle, after, rates)
            for line in exports(store_dir, copy, tmp):
                print(line)


def others(starts: list[tuple[float, float]], idle: tuple[float, float], after: tuple[float, float], rates) -> None:
    """Throughput, cold start and memory rows."""
    print(
        f"| throughput, {CLIENTS} clients, same cheap query (req/s) | {rates[0]:.0f} | | {rates[1]:.0f} | "
        f"| **{rates[0] / rates[1]:.3f}×** |"
    )
    start_ours, start_engine = statistics.median(s for s, _ in starts), statistics.median(e for _, e in starts)
    print(
        f"| cold start to first 200 (s, median of {STARTS}) | {start_ours:.2f} | | {start_engine:.2f} | "
        f"| **{start_ours / start_engine:.1f}×** |"
    )
    print(f"| memory after start (RSS MB) | {idle[0]:.0f} | | {idle[1]:.0f} | | {idle[0] / idle[1]:.1f}× |")
    print(f"| memory after the runs (RSS MB) | {after[0]:.0f} | | {after[1]:.0f} | | {after[0] / after[1]:.1f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated triple counts (default 100k,1M; 5M too)")
    parser.add_argument("--repeat", type=int, default=50, help="timed calls per path and server")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-bench",
        help="where generated graphs are kept between runs",
    )
    parser.add_argument("--store", type=Path, help="a bulk-loaded store to copy and serve instead of generated graphs")
    parser.add_argument(
        "--only", choices=("all", "patterns"), default="all", help="`patterns`: the /query rows alone, one start"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.store is not None:
        run_size(0, args.workdir, args.repeat, args.store, args.only)
        return
    for size in args.sizes.split(","):
        run_size(parse_size(size), args.workdir, args.repeat, only=args.only)


if __name__ == "__main__":
    main()
