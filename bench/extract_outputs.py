"""Every extraction of a fixed set of texts, written as JSON lines: a change meant to be only faster is checked
by comparing the files written before and after it (`cmp`), byte for byte.

Usage: python bench/extract_outputs.py OUT.jsonl [--articles N] [--no-gold] [--tune-only]
Texts: the seed articles, N articles of `bench/corpus.py` (seed 0, real sentences recombined, dated) and the
sentences of the development gold (read in place from ../shared/gold/, never copied; the file written holds
their extractions, so keep it outside the repository). Each line is one article's source and its extractions
in the order the extractor gives them. To read the outputs while writing rules, use `--tune-only`: the corpus and
the gold sentences are then drawn from the tune half only, so no check-half text is looked at.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from corpus import articles as corpus_articles  # bench/ is on sys.path when a benchmark runs
from corpus import sentences as corpus_sentences
from extract_speed import DEFAULT, ROOT

from kg.extract import Extractor
from kg.extract.evaluate import in_half, read_gold
from kg.ingest import Article, read_articles


def texts(count: int, gold: Path | None, half: str | None = None) -> list[Article]:
    """The seed articles, `count` corpus articles and the gold's sentences, in that order (of the gold, one `half`
    only when given)."""
    found = [a for a in read_articles([ROOT / "seeds"]) if isinstance(a, Article)]
    pool = corpus_sentences(half=half) if half is not None else None
    for record in corpus_articles(count, pool=pool) if count else ():
        found.append(
            Article(text=record["text"], title=record["title"], published=record["published"], source=record["id"])
        )
    if gold is not None and gold.exists():
        found += [Article(text=r["text"], source=r.get("id")) for r in in_half(read_gold(gold), half)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=40, help="corpus articles (500–1,000 words each)")
    parser.add_argument("--no-gold", action="store_true", help="leave out the development gold's sentences")
    parser.add_argument("--tune-only", action="store_true", help="draw gold sentences from the tune half only")
    args = parser.parse_args()
    items = texts(args.articles, None if args.no_gold else DEFAULT, "tune" if args.tune_only else None)
    extractor = Extractor()
    started = time.perf_counter()
    events = 0
    with args.out.open("w", encoding="utf-8") as out:
        for article, found in extractor.extract_many(items):
            events += len(found)
            record = {"source": article.source, "events": [e.model_dump(mode="json") for e in found]}
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(items)} texts, {events} extractions in {time.perf_counter() - started:.1f} s → {args.out}")


if __name__ == "__main__":
    main()
