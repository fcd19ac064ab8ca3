"""Bulk load rate (issue 6): raw pyoxigraph `Store.bulk_load` vs our OxigraphStore.bulk_load and `kg load`.

    PYTHONPATH=. python bench/bulk_load.py [--sizes 100k,1M,5M] [--repeat 3] [--workdir DIR]

For each size a generated graph (bench/generate_graph.py, N-Triples) is loaded into a fresh on-disk
directory each time by: raw `pyoxigraph.Store(dir).bulk_load(path=…)`; `OxigraphStore(dir).bulk_load(file)`
(opening the store, which loads the ontology, the byte counter the progress bar reads, counting the triples
before and after, closing); and `python -m kg.cli load FILE` as a user runs it (a new process: interpreter
start and imports included). Runs alternate between the three; the table gives the median of --repeat runs,
triples/s and the ratio to raw. 5M adds about 5 minutes (3 runs × 3 ways × ~30 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, graph_file, machine, parse_size  # noqa: E402

from kg.store import OxigraphStore  # noqa: E402


def raw(source: Path, directory: Path) -> None:
    store = ox.Store(str(directory))
    store.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    del store  # pyoxigraph closes on drop


def ours(source: Path, directory: Path) -> None:
    store = OxigraphStore(directory)
    store.bulk_load(source)
    store.close()


def cli(source: Path, directory: Path) -> None:
    env = os.environ | {
        "KG_STORE": str(directory),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    subprocess.run(
        [sys.executable, "-m", "kg.cli", "load", str(source)],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


WAYS: dict[str, Callable[[Path, Path], None]] = {
    "pyoxigraph Store.bulk_load (raw)": raw,
    "OxigraphStore.bulk_load": ours,
    "kg load (new process)": cli,
}


def seconds(way: Callable[[Path, Path], None], source: Path, workdir: Path) -> float:
    """Wall time of one load into a fresh directory (removed afterwards)."""
    directory = Path(tempfile.mkdtemp(dir=workdir, prefix="load-"))
    try:
        started = time.perf_counter()
        way(source, directory)
        return time.perf_counter() - started
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run_size(triples: int, workdir: Path, repeat: int) -> None:
    source = graph_file(workdir, triples)
    lines = sum(1 for _ in source.open("rb"))
    found: dict[str, list[float]] = {name: [] for name in WAYS}
    for _ in range(repeat):
        for name, way in WAYS.items():
            found[name].append(seconds(way, source, workdir))
    base = statistics.median(found["pyoxigraph Store.bulk_load (raw)"])
    print(
        f"\n=== {lines:,} triples, {source.stat().st_size / 1e6:.0f} MB ({source.name}); median of {repeat}; "
        f"{machine()}"
    )
    print(f"{'way':36} {'seconds':>8} {'triples/s':>11} {'vs raw':>7}")
    for name, values in found.items():
        median = statistics.median(values)
        print(f"{name:36} {median:8.2f} {lines / median:11,.0f} {base / median:6.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M,5M", help="comma-separated triple counts (default 100k,1M,5M)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-bench",
        help="where generated graphs are kept between runs",
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        run_size(parse_size(size), args.workdir, args.repeat)


if __name__ == "__main__":
    main()
