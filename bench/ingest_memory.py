"""Peak memory of `kg ingest` over a 10,000-article JSONL file (target: at most 1.5 GB), and whether it grows.

    python bench/ingest_memory.py [--articles 10000] [--workers 2] [--marks 1000,5000,10000] [--words 500-1000]

Writes the articles (bench/corpus.py: real sentences, 500–1,000 words each) to a temporary JSONL file, runs
`kg ingest FILE --workers N` into a new on-disk store, and samples every 0.25 s the resident memory (RSS,
from /proc) of the whole process tree — the main process that reads and writes, plus the extraction workers.
Prints the peak up to the moment each mark (articles done, from the progress bar) was passed, so a flat
ingest shows about the same peak at 1k, 5k and 10k articles. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import parse_words, write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
MB = 1024 * 1024


def rss(pid: int) -> int:
    """Resident bytes of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """The process and every process under it."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


@dataclass
class Sampler:
    """Follows one `kg ingest`: its progress (from the bar on stderr) and its tree's memory."""

    process: subprocess.Popen
    done: int = 0
    peak: int = 0
    peak_main: int = 0
    at_marks: dict[int, tuple[int, int, float]] = field(default_factory=dict)  # mark → (peak, peak main, seconds)
    started: float = field(default_factory=time.monotonic)

    def follow_bar(self, total: int) -> None:
        for chunk in iter(lambda: self.process.stderr.read1(4096), b""):
            counts = re.findall(rf"(\d+)/{total}\b", _ANSI.sub("", chunk.decode(errors="replace")))
            if counts:
                self.done = max(self.done, int(counts[-1]))

    def sample(self, marks: list[int]) -> None:
        while self.process.poll() is None:
            pids = descendants(self.process.pid)
            main = rss(self.process.pid)
            self.peak, self.peak_main = max(self.peak, sum(map(rss, pids))), max(self.peak_main, main)
            for mark in marks:
                if self.done >= mark and mark not in self.at_marks:
                    self.at_marks[mark] = (self.peak, self.peak_main, time.monotonic() - self.started)
                    print(
                        f"  passed {mark:,} articles after {self.at_marks[mark][2]:,.0f} s: peak so far "
                        f"{self.peak / MB:,.0f} MB (main {self.peak_main / MB:,.0f} MB)",
                        flush=True,
                    )
            time.sleep(0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--marks", default="1000,5000,10000", help="articles done at which to report the peak")
    parser.add_argument("--words", type=parse_words, default=(500, 1000), help="words per article, e.g. 500-1000")
    args = parser.parse_args()
    marks = sorted(int(m) for m in args.marks.split(",") if int(m) <= args.articles)
    with tempfile.TemporaryDirectory(prefix="kg-ingest-memory-") as work:
        corpus = write_jsonl(Path(work) / "corpus.jsonl", args.articles, seed=1, words=args.words)
        print(
            f"corpus: {args.articles:,} articles, {corpus.stat().st_size / MB:,.1f} MB of JSONL; "
            f"kg ingest --workers {args.workers}",
            flush=True,
        )
        env = os.environ | {
            "KG_STORE": str(Path(work) / "kg"),
            "TTY_COMPATIBLE": "1",
            "COLUMNS": "160",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "ingest", str(corpus), "--workers", str(args.workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        sampler = Sampler(process)
        reader = threading.Thread(target=sampler.follow_bar, args=(args.articles,), daemon=True)
        reader.start()
        sampler.sample(marks)
        reader.join(10)
        summary = process.stdout.read().decode().strip()
        elapsed = time.monotonic() - sampler.started
        store_mb = sum(f.stat().st_size for f in (Path(work) / "kg").rglob("*") if f.is_file()) / MB
    print(f"{summary} (exit {process.returncode}) in {elapsed:,.0f} s; store on disk {store_mb:,.0f} MB\n")
    print(f"{'articles done':>14} {'seconds':>8} {'peak RSS, all processes':>24} {'peak RSS, main':>15}")
    for mark in marks:
        peak, peak_main, seconds = sampler.at_marks.get(mark, (sampler.peak, sampler.peak_main, elapsed))
        print(f"{mark:>14,} {seconds:>8,.0f} {peak / MB:>21,.0f} MB {peak_main / MB:>12,.0f} MB")
    first = sampler.at_marks.get(marks[0], (sampler.peak,))[0]
    limit = sampler.peak / (1536 * MB)
    print(
        f"\npeak RSS {sampler.peak / MB:,.0f} MB (target ≤ 1,536 MB: {limit:.2f}× the limit); "
        f"growth from {marks[0]:,} to {args.articles:,} articles: {sampler.peak / first:.2f}×"
    )


if __name__ == "__main__":
    main()
