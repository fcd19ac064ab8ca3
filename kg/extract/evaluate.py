"""Score extraction against labelled sentences: precision, recall and F1 per relation or class.

A gold file is JSONL: `{"id", "text", "published"?, "events": [{"source", "target", "relation"|"class"}]}`
with `source`/`target` the spans as written. A prediction matches a gold event when its mentions overlap
those spans and its relation is the gold relation (or one under it) or falls in the gold class
(any class when the annotators gave none, as `class: null`).
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.extraction import Extraction
from kg.ingest import Article

# Our relations in the CAMEO-derived classes of ConfliBERT-style gold (see shared/gold/README.md).
CLASS_OF = {
    "supports": "verbal_cooperation", "agrees": "verbal_cooperation", "consults": "verbal_cooperation",
    "backs": "material_cooperation", "trains": "material_cooperation", "arms": "material_cooperation",
    "aids": "material_cooperation", "funds": "material_cooperation", "cooperates": "material_cooperation",
    "cooperatesMilitarily": "material_cooperation", "concedes": "material_cooperation",
    "warns": "verbal_conflict", "threatens": "verbal_conflict", "accuses": "verbal_conflict",
    "rejects": "verbal_conflict", "requests": "verbal_conflict", "sanctions": "verbal_conflict",
}
CONFLICT = "material_conflict"


@dataclass
class Score:
    """Counts for one relation or class."""

    true_pred: int = 0
    predicted: int = 0
    true_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    by_key: dict[str, Score] = field(default_factory=dict)
    sentences: int = 0

    def score(self, key: str) -> Score:
        return self.by_key.setdefault(key, Score())

    @property
    def total(self) -> Score:
        total = Score()
        for s in self.by_key.values():
            total.true_pred, total.predicted = total.true_pred + s.true_pred, total.predicted + s.predicted
            total.true_gold, total.gold = total.true_gold + s.true_gold, total.gold + s.gold
        return total


def read_gold(path: Path) -> list[dict]:
    """The records of a gold JSONL file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate(records: Iterable[dict], extract: Callable[[Article], list[Extraction]],
             ancestors: Callable[[str], set[str]] = lambda name: set()) -> Report:
    """Run `extract` on each gold record and count matches per gold relation or class."""
    report = Report()
    for record in records:
        report.sentences += 1
        article = Article(text=record["text"], published=record.get("published"), source=record.get("id"))
        preds = [p for p in extract(article) if not p.negated]
        golds = [g for g in record.get("events", []) if g.get("source") and g.get("target")]
        uses_classes = not any("relation" in g for g in golds)
        for pred in preds:
            score = report.score(_key(pred.relation, uses_classes))
            score.predicted += 1
            score.true_pred += any(_matches(pred, g, ancestors) for g in golds)
        for gold in golds:
            score = report.score(gold.get("relation") or gold.get("class") or "unlabelled")
            score.gold += 1
            score.true_gold += any(_matches(p, gold, ancestors) for p in preds)
    return report


def _key(relation: str, uses_classes: bool) -> str:
    return CLASS_OF.get(relation, CONFLICT) if uses_classes else relation


def _matches(pred: Extraction, gold: dict, ancestors: Callable[[str], set[str]]) -> bool:
    if not (_overlaps(pred.source.text, gold["source"]) and _overlaps(pred.target.text, gold["target"])):
        return False
    if "relation" in gold:
        return gold["relation"] in {pred.relation} | ancestors(pred.relation)
    return gold.get("class") in (None, CLASS_OF.get(pred.relation, CONFLICT))


def _overlaps(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a in b or b in a)
