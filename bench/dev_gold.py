"""Extraction quality on labelled news sentences, read in place (default ../shared/gold/dev.jsonl; never copied).

Usage: python bench/dev_gold.py [GOLD.jsonl] [--errors N] [--seed S] [--error-classes]
The same one-to-one scoring as `kg eval` (kg/extract/evaluate.py) at the class and polarity levels, per class,
for the check half (the figures to report) and the tune half (the one to fix by) separately — the halves are
fixed by a hash of each record's id (`kg eval --half`). `--errors N` prints N wrong predictions and N missed
gold events (polarity level) drawn at random from the **tune half only**: look at those before fixing a class
of errors, never at the check half's. `--error-classes` counts each half's misses and wrong predictions by a
rough, automatic class (no sentence shown).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from kg.extract import Extractor
from kg.extract.evaluate import HALVES, Level, Report, Spans, Verdicts, evaluate, in_half, is_claim, levels, read_gold
from kg.ingest import Article
from kg.model import relation_ancestors

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong and missed tune-half events")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--error-classes", action="store_true", help="count misses and wrong predictions by class")
    args = parser.parse_args()
    records = read_gold(args.gold)
    extractor = Extractor()
    cache: dict[str, list] = {}

    def extract(article: Article) -> list:
        cache[article.source] = extractor.extract(article)
        return cache[article.source]

    for half in sorted(HALVES):  # check first: the figures to report
        chosen = in_half(records, half)
        started = time.perf_counter()
        reports = evaluate(chosen, extract, relation_ancestors)
        seconds = time.perf_counter() - started
        print(f"\n== {half} half of {args.gold}: {len(chosen)} sentences ({seconds:.1f} s) ==")
        for report in reports:
            print_report(report)
        if args.error_classes:
            print_error_classes(chosen, cache)
    if args.errors:
        print_errors(in_half(records, "tune"), cache, args.errors, random.Random(args.seed))


def print_report(report: Report) -> None:
    print(f"\n{report.level} level{'':14} gold  pred  precision  recall     F1")
    for key, gold, predicted, precision, recall, f1 in report.rows():
        print(f"  {key:26} {gold:>5} {predicted:>5}      {precision:>5}   {recall:>5}  {f1:>5}")
    print(
        "  left out of scoring: "
        + ", ".join(f"{key} {gold} (paired {paired})" for key, gold, paired in report.apart_rows())
    )


def judged(records: list[dict], cache: dict):
    """Each record with its polarity-level verdicts."""
    level = levels(False, relation_ancestors)[1]
    for record in records:
        preds = [p for p in cache.get(record.get("id"), []) if is_claim(p)]
        yield record, level.judge(preds, record["events"], Spans(record["text"]))


def print_errors(records: list[dict], cache: dict, count: int, rng: random.Random) -> None:
    """Wrong predictions and missed gold events at the polarity level, as (mention, relation, mention)."""
    wrong, missed = [], []
    for record, verdicts in judged(records, cache):
        wrong += [
            (record, f"{p.source.text!r} {p.relation} {p.target.text!r} [{p.cameo_event}]")
            for p, right in zip(verdicts.claims, verdicts.right)
            if right is False
        ]
        missed += [(record, f"{g['source']!r} {g['class']} {g['target']!r}") for g, hit in verdicts.scored if not hit]
    for title, items in (("wrong", wrong), ("missed", missed)):
        print(f"\n{title}: {len(items)} (a sample of {min(count, len(items))}, tune half)")
        for record, what in rng.sample(items, min(count, len(items))):
            print(f"- {record['id']}: {what}\n    {record['text'][:240]}")
            others = [f"{g['source']!r} {g['class']} {g['target']!r}" for g in record["events"]]
            print(f"    gold: {'; '.join(others)}")


def print_error_classes(records: list[dict], cache: dict) -> None:
    """Misses and wrong predictions by what went wrong, decided by the spans, not by reading sentences."""
    missed, wrong = Counter(), Counter()
    spans_of = {}
    for record, verdicts in judged(records, cache):
        spans = spans_of.setdefault(record["id"], Spans(record["text"]))
        missed.update(_miss_class(g, verdicts, spans) for g, hit in verdicts.scored if not hit)
        golds = [g for g, _ in verdicts.scored]
        wrong.update(
            _wrong_class(p, golds, spans) for p, right in zip(verdicts.claims, verdicts.right) if right is False
        )
    print("  missed: " + ", ".join(f"{key} {n}" for key, n in missed.most_common()))
    print("  wrong:  " + ", ".join(f"{key} {n}" for key, n in wrong.most_common()))


def _miss_class(gold: dict, verdicts: Verdicts, spans: Spans) -> str:
    claims = verdicts.claims
    if not claims:
        return "nothing found in the sentence"
    same = [p for p in claims if Level.on_spans(p, gold, spans)]
    if same:
        return "pair found, other side (or pair used twice)"
    if any(
        spans.overlap(p.source.text, gold["target"]) and spans.overlap(p.target.text, gold["source"]) for p in claims
    ):
        return "pair found reversed"
    if any(spans.overlap(p.source.text, gold["source"]) for p in claims):
        return "source found, target not"
    if any(spans.overlap(p.target.text, gold["target"]) for p in claims):
        return "target found, source not"
    return "other events only"


def _wrong_class(pred, golds: list[dict], spans: Spans) -> str:
    if not golds:
        return "no scored gold in the sentence"
    if any(Level.on_spans(pred, g, spans) for g in golds):
        return "gold pair, other side (or extra)"
    if any(
        spans.overlap(pred.source.text, g["target"]) and spans.overlap(pred.target.text, g["source"]) for g in golds
    ):
        return "gold pair reversed"
    if any(spans.overlap(pred.source.text, g["source"]) for g in golds):
        return "right source, wrong target"
    if any(spans.overlap(pred.target.text, g["target"]) for g in golds):
        return "right target, wrong source"
    return "unrelated to the gold events"


if __name__ == "__main__":
    main()
