"""End-to-end extraction time against the bare spaCy parse of the same texts (target: at most 1.25×).

Usage: python bench/extract_speed.py [GOLD.jsonl] [--repeat N]
Texts: the sentences of the development gold (read in place from ../shared/gold/, never copied) plus the
seed articles. "bare" is `nlp.pipe` of the stock model (`KG_MODEL`), without the gazetteer ruler;
"end to end" is `Extractor.extract_many` (gazetteer ruler, parse, mentions, patterns, dates, places).
Each is run `--repeat` times after a warm-up, taking turns; the best run of each counts, by wall time and
by this process's CPU time (which others' load on a shared machine moves less).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import spacy

from kg.config import get_settings
from kg.extract import Extractor
from kg.extract.evaluate import read_gold
from kg.ingest import Article, read_articles

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "gold" / "dev.jsonl"


def articles(gold: Path) -> list[Article]:
    found = [Article(text=r["text"], source=r.get("id")) for r in read_gold(gold)] if gold.exists() else []
    return found + [a for a in read_articles([ROOT / "seeds"]) if isinstance(a, Article)]


def best_of_each(repeat: int, runs: dict) -> dict[str, tuple[float, float]]:
    """The best (wall, CPU) time of each run, the runs taking turns so that load on the machine hits them
    alike. CPU time (this process's, all threads) moves less than wall time when others share the cores."""
    for run in runs.values():
        run()  # warm-up: caches, lazy loading
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            started, cpu = time.perf_counter(), time.process_time()
            run()
            times[name].append((time.perf_counter() - started, time.process_time() - cpu))
    return {name: (min(w for w, _ in found), min(c for _, c in found)) for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = articles(args.gold)
    texts = [a.text for a in items]
    model = get_settings().model
    bare = spacy.load(model)
    extractor = Extractor(model=model)
    best = best_of_each(
        args.repeat,
        {
            "parse": lambda: list(bare.pipe(texts, batch_size=16)),
            "extract": lambda: list(extractor.extract_many(items, batch_size=16)),
        },
    )
    (parse, parse_cpu), (extract, extract_cpu) = best["parse"], best["extract"]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {words} words, model {model}; load average {os.getloadavg()[0]:.1f}")
    print(f"bare nlp.pipe          {parse:6.2f} s  ({words / parse:,.0f} words/s), CPU {parse_cpu:6.2f} s")
    print(f"Extractor.extract_many {extract:6.2f} s  ({words / extract:,.0f} words/s), CPU {extract_cpu:6.2f} s")
    print(f"ratio {extract / parse:.2f}× (target ≤ 1.25×), CPU time {extract_cpu / parse_cpu:.2f}×")


if __name__ == "__main__":
    main()
