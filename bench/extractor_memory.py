"""Memory and start-up of one extraction worker: what the gazetteer and the lexicon cost.

Usage: python bench/extractor_memory.py [GOLD.jsonl] [--texts N]
Prints, for one fresh process: resident memory (RSS, from /proc) before loading, after `Extractor()` (spaCy
model + gazetteer ruler + lexicon), and its peak after extracting N texts of the development gold (read in
place, never copied; the seed articles without it); and how long `Extractor()` took. Run it from two
checkouts (PYTHONPATH) to compare: a worker's memory must not double with the larger dictionaries.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from kg.extract import Extractor
from kg.extract.evaluate import read_gold
from kg.ingest import Article, read_articles

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "gold" / "dev.jsonl"


def rss_mb() -> float:
    """Resident memory now, in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--texts", type=int, default=300)
    args = parser.parse_args()
    texts = [Article(text=r["text"], source=r["id"]) for r in read_gold(args.gold)] if args.gold.exists() else []
    texts = (texts or [a for a in read_articles([ROOT / "seeds"]) if isinstance(a, Article)])[: args.texts]
    before = rss_mb()
    started = time.perf_counter()
    extractor = Extractor()
    loaded = time.perf_counter() - started
    after_load = rss_mb()
    for _ in extractor.extract_many(texts):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"Extractor() {loaded:.1f} s; RSS before {before:.0f} MB, loaded {after_load:.0f} MB, "
        f"peak after {len(texts)} texts {peak:.0f} MB; {len(extractor.gazetteer.actors)} actors, "
        f"{len(extractor.gazetteer.names())} names, {len(extractor.lexicon.senses())} senses"
    )


if __name__ == "__main__":
    main()
