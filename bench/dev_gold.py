"""Extraction quality on labelled news sentences, read in place (default ../shared/gold/dev.jsonl; never copied).

Usage: python bench/dev_gold.py [GOLD.jsonl]   (the same scoring as `kg eval`, plus the time taken)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.extract import Extractor
from kg.extract.evaluate import evaluate, read_gold

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"


def main(path: Path) -> None:
    records = read_gold(path)
    extractor = Extractor()
    started = time.perf_counter()
    total = evaluate(records, extractor.extract).total
    seconds = time.perf_counter() - started
    print(f"sentences {len(records)}  gold events {total.gold}  predicted {total.predicted}  "
          f"({seconds:.1f} s, {len(records) / seconds:.0f} sentences/s)")
    print(f"precision {total.precision:.3f}  recall {total.recall:.3f}  F1 {total.f1:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
