"""Articles for the ingest benchmarks: real news sentences recombined into articles of realistic length.

The sentences are read at run time from `seeds/` and the development gold (`../shared/gold/*.jsonl`, which
must not be copied into this repository); each article draws 500–1,000 words of them in a seeded random
order, split into paragraphs, with a dateline that makes every text distinct. The parser's cost per word is
what these benchmarks measure, so real sentences (real lengths, names and syntax) matter more than coherence.

    python bench/corpus.py COUNT OUT.jsonl [--seed 0] [--words 500-1000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from kg.extract.evaluate import in_half

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
_SENTENCE_END = re.compile(r"(?<=[.!?\"”’])\s+(?=[\"“A-Z])")
PLACES = ["BEIRUT", "BAGHDAD", "AMMAN", "ANKARA", "DAMASCUS", "ERBIL", "MOSCOW", "WASHINGTON", "TEHRAN", "GENEVA"]


def sentences(root: Path = ROOT, gold: Path = GOLD, half: str | None = None) -> list[str]:
    """Every sentence of the seed articles and of the gold files, in file order; of the gold, only those of one
    `half` ("tune": texts to look at while writing rules, never the check half's) when one is given."""
    found: list[str] = []
    for path in sorted((root / "seeds").glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            found += [s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 4]
    for path in sorted(gold.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
            found += [r["text"].strip() for r in in_half(records, half)]
    if not found:
        raise SystemExit("no sentences found in seeds/ or ../shared/gold/")
    return found


def articles(
    count: int, seed: int = 0, words: tuple[int, int] = (500, 1000), pool: list[str] | None = None
) -> Iterator[dict]:
    """`count` articles as JSONL records {"id", "title", "published", "text"}, generated one at a time."""
    pool = pool if pool is not None else sentences()
    rng = random.Random(seed)
    for number in range(count):
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(2000))
        body = _body(rng, pool, rng.randint(*words))
        dateline = f"{rng.choice(PLACES)}, {published:%B} {published.day} (dispatch {seed}-{number}) —"
        yield {
            "id": f"bench-{seed}-{number}",
            "title": body[0][:80],
            "published": published.isoformat(),
            "text": dateline + " " + "\n\n".join(" ".join(p) for p in _paragraphs(rng, body)),
        }


def _body(rng: random.Random, pool: list[str], words: int) -> list[str]:
    chosen, total = [], 0
    while total < words:
        sentence = rng.choice(pool)
        chosen.append(sentence)
        total += len(sentence.split())
    return chosen


def _paragraphs(rng: random.Random, body: list[str]) -> Iterator[list[str]]:
    start = 0
    while start < len(body):
        size = rng.randint(2, 5)
        yield body[start : start + size]
        start += size


def write_jsonl(path: Path, count: int, seed: int = 0, words: tuple[int, int] = (500, 1000)) -> Path:
    """Write `count` articles to `path`, one JSON object per line (streamed: none kept in memory)."""
    pool = sentences()
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count, seed, words, pool):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def parse_words(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", type=parse_words, default=(500, 1000), help="words per article, e.g. 500-1000")
    args = parser.parse_args()
    write_jsonl(args.out, args.count, args.seed, args.words)
    print(f"wrote {args.count} articles to {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
