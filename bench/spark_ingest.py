"""Extraction on Spark `local[2]` against `kg ingest --workers 2` on the same corpus, as a ratio.

    python bench/spark_ingest.py [--articles 200] [--repeat 1] [--words 500-1000]

Texts: bench/corpus.py articles in one JSONL file. Each run is a new process, timed from start to exit,
the two commands taking turns (best of --repeat):
  - "kg ingest --workers 2 --nquads": two spaCy worker processes, shards written by the main process;
  - "kg ingest --spark local[2] --nquads": a Spark driver (JVM) and two Python workers, one pipeline each.
Both also run over a 1-article file; the difference is the time spent on the other articles, so start-up
(the JVM, model loading) cancels out of the steady ratio. The total ratio, start-up included, is printed too.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402
from corpus import parse_words, write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def commands(corpus: Path, shards: Path) -> dict[str, list[str]]:
    kg = [sys.executable, "-m", "kg.cli", "ingest", str(corpus), "--nquads", str(shards)]
    return {
        "kg ingest --workers 2": kg + ["--workers", "2"],
        "kg ingest --spark local[2]": kg + ["--spark", "local[2]"],
    }


def run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(corpora: dict[int, Path], repeat: int, work: Path) -> dict[str, dict[int, float]]:
    best: dict[str, dict[int, float]] = {}
    for _ in range(repeat):
        for size, corpus in corpora.items():
            for name, command in commands(corpus, work / "shards").items():
                shutil.rmtree(work / "shards", ignore_errors=True)
                seconds = run(command)
                best.setdefault(name, {})[size] = min(seconds, best.get(name, {}).get(size, seconds))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--words", type=parse_words, default=(500, 1000))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-spark-") as tmp:
        work = Path(tmp)
        corpora = {n: write_jsonl(work / f"{n}.jsonl", n, words=args.words) for n in (1, args.articles)}
        best = measure(corpora, args.repeat, work)
    print(f"machine: {machine()}")
    print(f"{'command':<30} {'1 article':>10} {f'{args.articles} articles':>14} {'articles/s (steady)':>20}")
    rates = {}
    for name, seconds in best.items():
        rates[name] = (args.articles - 1) / (seconds[args.articles] - seconds[1])
        print(f"{name:<30} {seconds[1]:>9.1f}s {seconds[args.articles]:>13.1f}s {rates[name]:>20.2f}")
    spark, plain = best["kg ingest --spark local[2]"], best["kg ingest --workers 2"]
    print(
        f"ratio spark/workers, steady rate: {rates['kg ingest --spark local[2]'] / rates['kg ingest --workers 2']:.2f}"
    )
    print(
        f"ratio spark/workers, whole run of {args.articles}: {plain[args.articles] / spark[args.articles]:.2f} "
        "(>1: Spark faster)"
    )


if __name__ == "__main__":
    main()
