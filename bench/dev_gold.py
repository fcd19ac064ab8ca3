"""Score extraction against labelled news sentences (default: ../shared/gold/dev.jsonl, never copied here).

A prediction matches a gold event when its source and target mentions overlap the annotators' spans
and its relation falls in the gold event class (any class when the annotators gave none).
Usage: python bench/dev_gold.py [GOLD.jsonl]
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kg.extract import Extractor
from kg.ingest import Article

CLASS_OF = {
    "supports": "verbal_cooperation", "agrees": "verbal_cooperation", "consults": "verbal_cooperation",
    "backs": "material_cooperation", "trains": "material_cooperation", "arms": "material_cooperation",
    "aids": "material_cooperation", "funds": "material_cooperation", "cooperates": "material_cooperation",
    "cooperatesMilitarily": "material_cooperation",
    "warns": "verbal_conflict", "threatens": "verbal_conflict", "accuses": "verbal_conflict",
    "rejects": "verbal_conflict", "requests": "verbal_conflict", "sanctions": "verbal_conflict",
    "protests": "material_conflict",
}
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"


def overlaps(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return bool(a and b) and (a in b or b in a)


def matches(pred, gold: dict) -> bool:
    cls = CLASS_OF.get(pred.relation, "material_conflict")
    return (overlaps(pred.source.text, gold["source"]) and overlaps(pred.target.text, gold["target"])
            and (gold["class"] in (None, cls)))


def main(path: Path) -> None:
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    extractor = Extractor()
    tp_pred = n_pred = tp_gold = n_gold = 0
    started = time.perf_counter()
    for record in records:
        preds = [p for p in extractor.extract(Article(text=record["text"], source=record["id"])) if not p.negated]
        golds = [g for g in record["events"] if g.get("source") and g.get("target")]
        n_pred += len(preds)
        n_gold += len(golds)
        tp_pred += sum(any(matches(p, g) for g in golds) for p in preds)
        tp_gold += sum(any(matches(p, g) for p in preds) for g in golds)
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"sentences {len(records)}  gold events {n_gold}  predicted {n_pred}  "
          f"({time.perf_counter() - started:.1f} s)")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
