"""ExtractionPool: worker processes give what one Extractor gives, in order, a bounded number of batches ahead,
and do not outlive a killed parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic_articles import make_articles

from kg.config import Settings
from kg.extract.parallel import ExtractionPool, WorkerError
from kg.ingest import Article

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = [Article(**record) for record in make_articles(9, seed=3, sentences=3)]
pytestmark = pytest.mark.slow  # starts processes that each load the spaCy model


@pytest.fixture(scope="module")
def pool():
    with ExtractionPool(Settings(store="memory").model, workers=2, in_flight=3) as running:
        yield running


def test_parallel_batches_match_one_extractor_in_order(pool, extractor):
    batches = [("a", ARTICLES[:4]), ("empty", []), ("b", ARTICLES[4:5]), ("c", ARTICLES[5:])]
    found = list(pool.extract_batches(iter(batches)))
    assert [key for key, _ in found] == ["a", "empty", "b", "c"]
    expected = [extractions for _, extractions in extractor.extract_many(ARTICLES)]
    assert [extractions for _, per_article in found for extractions in per_article] == expected
    assert pool.extract(ARTICLES[0]) == expected[0]


def test_one_extractor_gives_batches_as_the_pool_does(pool, extractor):
    batches = [("a", ARTICLES[:2]), ("empty", []), ("b", ARTICLES[2:3])]
    assert list(extractor.extract_batches(iter(batches))) == list(pool.extract_batches(iter(batches)))


def test_the_loader_takes_either_through_one_interface(pool, extractor):
    from kg.pipeline import ArticleLoader
    from kg.store import open_store

    stored = []
    for side in (extractor, pool):
        store = open_store("memory")
        results = list(ArticleLoader(store, side, batch_size=2).load_many(ARTICLES[:3]))
        stored.append(([r.extractions for r in results], len(store)))
    assert stored[0] == stored[1] and stored[0][1] > 0


def test_parallel_reads_batches_lazily(pool):
    pulled = []

    def batches():
        for number in range(12):
            pulled.append(number)
            yield number, ARTICLES[number % 9 : number % 9 + 1]

    for done, (key, _) in enumerate(pool.extract_batches(batches()), start=1):
        assert key == done - 1
        assert len(pulled) <= done + pool.in_flight  # never more than in_flight batches out at once
    assert len(pulled) == 12


def test_parallel_missing_model_is_a_worker_error():
    with ExtractionPool("no_such_spacy_model", workers=1) as broken, pytest.raises(WorkerError):
        broken.extract(ARTICLES[0])


_ORPHAN_SCRIPT = """
import sys, time
from kg.extract.parallel import ExtractionPool
pool = ExtractionPool(sys.argv[1], workers=2)
[started.result() for started in [pool._executor.submit(int), pool._executor.submit(int)]]  # both workers up
print(*pool._executor._processes, flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_parallel_workers_exit_when_the_parent_is_killed():
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT, Settings(store="memory").model],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers), "extraction workers outlived their killed parent"


def _running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
