"""Extraction quality on labelled news sentences, read in place (default ../shared/gold/dev.jsonl; never copied).

Usage: python bench/dev_gold.py [GOLD.jsonl] [--errors N] [--seed S]
The same scoring as `kg eval` (kg/extract/evaluate.py) at the class and polarity levels, per class, plus the
time taken. `--errors N` also prints N wrong predictions and N missed gold events (polarity level) drawn at
random, to look at before fixing a class of errors.
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from kg.extract import Extractor
from kg.extract.evaluate import Report, Spans, evaluate, levels, read_gold
from kg.ingest import Article
from kg.model import relation_ancestors

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong and missed events")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    records = read_gold(args.gold)
    extractor = Extractor()
    cache: dict[str, list] = {}

    def extract(article: Article) -> list:
        cache[article.source] = extractor.extract(article)
        return cache[article.source]

    started = time.perf_counter()
    reports = evaluate(records, extract, relation_ancestors)
    seconds = time.perf_counter() - started
    print(f"{args.gold}: {len(records)} sentences ({seconds:.1f} s, {len(records) / seconds:.0f} sentences/s)")
    for report in reports:
        print_report(report)
    if args.errors:
        print_errors(records, cache, args.errors, random.Random(args.seed))


def print_report(report: Report) -> None:
    print(f"\n{report.level} level{'':14} gold  pred  precision  recall     F1")
    for key, gold, predicted, precision, recall, f1 in report.rows():
        print(f"  {key:26} {gold:>5} {predicted:>5}      {precision:>5}   {recall:>5}  {f1:>5}")


def print_errors(records: list[dict], cache: dict, count: int, rng: random.Random) -> None:
    """Wrong predictions and missed gold events at the polarity level, as (mention, relation, mention)."""
    level = levels(False, relation_ancestors)[1]
    wrong, missed = [], []
    for record in records:
        preds = [p for p in cache.get(record.get("id"), []) if not p.negated]
        verdicts, found = level.judge(preds, record["events"], Spans(record["text"]))
        wrong += [(record, f"{p.source.text!r} {p.relation} {p.target.text!r} [{p.cameo_event}]")
                  for number, p in enumerate(preds) if verdicts[number] is False]
        complete = [g for g in record["events"] if g.get("source") and g.get("target")]
        missed += [(record, f"{g['source']!r} {g['class']} {g['target']!r}") for g, hit in zip(complete, found) if not hit]
    for title, items in (("wrong", wrong), ("missed", missed)):
        print(f"\n{title}: {len(items)} (a sample of {min(count, len(items))})")
        for record, what in rng.sample(items, min(count, len(items))):
            print(f"- {record['id']}: {what}\n    {record['text'][:240]}")
            others = [f"{g['source']!r} {g['class']} {g['target']!r}" for g in record["events"]]
            print(f"    gold: {'; '.join(others)}")


if __name__ == "__main__":
    main()
